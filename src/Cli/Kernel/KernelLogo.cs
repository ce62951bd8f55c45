using SkiaSharp;

namespace MarketLab.Cli.Kernel;

/// <summary>The kernelspec's logo, drawn at install time: "C#" on MarketLab's indigo square.</summary>
internal static class KernelLogo
{
    public static void Write(string path, int size)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(new SKColor(0x3f, 0x3d, 0x9e));
        using var font = new SKFont(SKTypeface.Default, size * 0.5f);
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText("C#", size / 2f, size * 0.68f, SKTextAlign.Center, font, paint);
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }
}
