namespace MarketLab.Bench;
public static class Program { public static void Main(string[] args) { } }
