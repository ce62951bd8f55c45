using MarketLab.Experiments;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarketLab.Cli.Ab;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Runs;

namespace MarketLab.Cli.Bert;

/// <summary>
/// <c>marketlab bert tokenize</c>: JSON-lines texts to JSON-lines id arrays by BERT's original tokenization rules
/// (<see cref="JsonlTokenization"/>), for comparing with other tokenizers from the shell.
/// </summary>
internal static class BertTokenizeCommand
{
    private static readonly Option<string> Vocab = new("--vocab") { Description = "vocab.txt (or a tokenizer.json); uncased unless --cased." };
    private static readonly Option<string> Model = new("--model") { Description = "A model folder instead of --vocab: its vocab.txt and the settings of its tokenizer.json or tokenizer_config.json." };
    private static readonly Option<bool> Cased = new("--cased") { Description = "Keep case and accents (cased vocabularies); with --vocab only." };
    private static readonly Option<string> Input = new("--input") { Description = "JSON-lines file: one JSON string per line." };
    private static readonly Option<string> Out = new("--out") { Description = "JSON-lines output: one array of ids per input line, with [CLS] and [SEP]." };
    private static readonly Option<int?> MaxLength = new("--max-length") { Description = "Truncate to this many ids (special tokens included); default: no truncation." };

    public static Command Create()
    {
        var command = new Command("tokenize", "Tokenize JSON-lines texts into WordPiece ids by BERT's original rules (symbols kept, accents stripped for uncased, newlines as spaces).");
        foreach (Option o in new Option[] { Vocab, Model, Cased, Input, Out, MaxLength }) command.Options.Add(o);
        command.SetAction((parse, ct) => BertCommand.Guard(parse, "tokenize", () => Task.FromResult(Run(parse, ct))));
        return command;
    }

    private static int Run(ParseResult parse, CancellationToken ct)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        string? vocab = parse.GetValue(Vocab);
        string? model = parse.GetValue(Model);
        if ((vocab is null) == (model is null)) throw new CliInputException("--vocab", "give exactly one of --vocab FILE or --model DIR");
        if (model is not null && parse.GetValue(Cased)) throw new CliInputException("--cased", "applies to --vocab; a --model folder's tokenizer files say whether it is cased");
        string input = parse.GetValue(Input) is { Length: > 0 } i ? i : throw new CliInputException("--input", "is required (a JSON-lines file of strings)");
        string outPath = parse.GetValue(Out) is { Length: > 0 } o ? o : throw new CliInputException("--out", "is required (the JSON-lines file to write)");
        int? maxLength = parse.GetValue(MaxLength);
        if (maxLength is < 2) throw new CliInputException("--max-length", $"must be at least 2 ([CLS] and [SEP]); got {maxLength}");
        if (!File.Exists(input)) throw new CliInputException("--input", $"no file at {Path.GetFullPath(input)}");

        BertTextTokenizer tokenizer = model is not null
            ? BertTextTokenizer.FromFolder(model)
            : BertTextTokenizer.FromVocab(vocab!, lowerCase: !parse.GetValue(Cased));
        var clock = Stopwatch.StartNew();
        var progress = new SynchronousProgress<int>(n => parse.InvocationConfiguration.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tokenized {n:N0} texts")));
        JsonlTokenizationResult result = JsonlTokenization.Run(tokenizer, input, outPath, maxLength, progress, ct);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Tokenized {result.Texts:N0} texts into {result.Tokens:N0} ids ({result.UnknownTokens:N0} [UNK]{(maxLength is null ? "" : $", {result.Truncated:N0} truncated")}) in {clock.Elapsed.TotalSeconds:F1} s: {Path.GetFullPath(outPath)}"));
        return 0;
    }
}
