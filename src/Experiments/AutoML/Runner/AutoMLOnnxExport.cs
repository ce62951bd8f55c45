using Microsoft.ML;
using static MarketLab.Experiments.Data.ModelFiles.ModelZip;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// Writes a fitted ML.NET pipeline as ONNX with Microsoft.ML.OnnxConverter (<c>mlContext.Model.ConvertToOnnx</c>).
/// The converter covers ML.NET's linear learners, FastTree/FastForest and LightGBM, and the usual featurizers
/// (missing-value replacement, one-hot, concatenation, normalisation); anything it cannot convert is reported as
/// <see cref="NotSupportedException"/> naming the learner and the converter's message, and no file is left behind.
/// AutoML's text featurization (our <see cref="Featurization.TfIdfTextTransformer"/>) has no ONNX form: a pipeline
/// holding it is refused before the converter runs.
/// </summary>
public static class AutoMLOnnxExport
{
    /// <param name="ml">The context the model was fitted in.</param>
    /// <param name="model">The fitted pipeline.</param>
    /// <param name="data">Data with the pipeline's input schema (the converter reads its schema and types).</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="learner">The learner's name, for the error message.</param>
    public static void Write(MLContext ml, ITransformer model, IDataView data, string path, string learner)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        if (Flatten(model).Any(t => t is Featurization.TfIdfTextTransformer))
            throw new NotSupportedException($"Microsoft.ML.OnnxConverter cannot convert the pipeline of learner '{learner}': " +
                "its TF-IDF text featurizer (MarketLab's own transformer) has no ONNX conversion; save it with --output (model.zip) instead.");
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".partial";
        try
        {
            using (var stream = File.Create(temp))
            {
                ml.Model.ConvertToOnnx(model, data, stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        // KeyNotFoundException: OnnxConverter 0.23.1 on a featurized text column ("review_TextNormalizer" not found).
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or NotImplementedException or KeyNotFoundException)
        {
            throw new NotSupportedException($"Microsoft.ML.OnnxConverter cannot convert the pipeline of learner '{learner}': {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
