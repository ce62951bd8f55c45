using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Checks notebook JSON against the required-field rules of the nbformat v4.5 JSON schema
/// (jupyter/nbformat, <c>nbformat/v4/nbformat.v4.5.schema.json</c>): top-level and per-cell required
/// properties, cell ids (pattern and length), the allowed properties of each cell type, and the
/// required properties of each output type. Returns one message per violation (empty: valid).
/// </summary>
public static partial class NotebookValidator
{
    // Required and allowed ("additionalProperties": false) properties, per the v4.5 schema.
    private static readonly Dictionary<string, (string[] Required, string[] Allowed)> CellRules = new()
    {
        ["code"] = (["id", "cell_type", "metadata", "source", "outputs", "execution_count"], ["id", "cell_type", "metadata", "source", "outputs", "execution_count"]),
        ["markdown"] = (["id", "cell_type", "metadata", "source"], ["id", "cell_type", "metadata", "source", "attachments"]),
        ["raw"] = (["id", "cell_type", "metadata", "source"], ["id", "cell_type", "metadata", "source", "attachments"]),
    };

    private static readonly Dictionary<string, string[]> OutputRules = new()
    {
        ["execute_result"] = ["output_type", "data", "metadata", "execution_count"],
        ["display_data"] = ["output_type", "data", "metadata"],
        ["stream"] = ["output_type", "name", "text"],
        ["error"] = ["output_type", "ename", "evalue", "traceback"],
    };

    public static IReadOnlyList<string> Validate(string json) => Validate(JsonNode.Parse(json));

    public static IReadOnlyList<string> Validate(JsonNode? root)
    {
        var errors = new List<string>();
        if (root is not JsonObject notebook)
            return ["the notebook is not a JSON object"];
        Require(notebook, "notebook", errors, "metadata", "nbformat_minor", "nbformat", "cells");
        if (notebook["nbformat"] is JsonValue major && (!major.TryGetValue(out int m) || m != 4))
            errors.Add("notebook: nbformat must be 4");
        if (notebook["nbformat_minor"] is JsonValue minor && (!minor.TryGetValue(out int n) || n < 5))
            errors.Add("notebook: nbformat_minor must be at least 5 for cell ids");
        if (notebook["metadata"]?["kernelspec"] is JsonObject kernelspec)
            Require(kernelspec, "metadata.kernelspec", errors, "name", "display_name");
        if (notebook["metadata"]?["language_info"] is JsonObject languageInfo)
            Require(languageInfo, "metadata.language_info", errors, "name");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (cell, index) in (notebook["cells"] as JsonArray ?? []).Select((c, i) => (c as JsonObject, i)))
        {
            string where = $"cells[{index}]";
            if (cell is null) { errors.Add($"{where}: not an object"); continue; }
            string? type = cell["cell_type"]?.GetValue<string>();
            if (type is null || !CellRules.TryGetValue(type, out var rules)) { errors.Add($"{where}: cell_type '{type}' is not code, markdown or raw"); continue; }
            Require(cell, where, errors, rules.Required);
            errors.AddRange(cell.Select(p => p.Key).Where(k => !rules.Allowed.Contains(k)).Select(k => $"{where}: property '{k}' is not allowed in a {type} cell"));
            if (cell["id"] is JsonValue idValue && idValue.TryGetValue(out string? id))
            {
                if (!IdPattern().IsMatch(id) || id.Length > 64) errors.Add($"{where}: id '{id}' must match ^[a-zA-Z0-9-_]+$ and have 1-64 characters");
                if (!ids.Add(id)) errors.Add($"{where}: id '{id}' is not unique");
            }
            if (type == "code")
                ValidateOutputs(cell["outputs"] as JsonArray, where, errors);
        }
        return errors;
    }

    private static void ValidateOutputs(JsonArray? outputs, string where, List<string> errors)
    {
        foreach (var (output, index) in (outputs ?? []).Select((o, i) => (o as JsonObject, i)))
        {
            string at = $"{where}.outputs[{index}]";
            string? type = output?["output_type"]?.GetValue<string>();
            if (output is null || type is null || !OutputRules.TryGetValue(type, out string[]? required))
            {
                errors.Add($"{at}: output_type '{type}' is not execute_result, display_data, stream or error");
                continue;
            }
            Require(output, at, errors, required);
            if (type == "stream" && output["name"]?.GetValue<string>() is not ("stdout" or "stderr"))
                errors.Add($"{at}: stream name must be stdout or stderr");
        }
    }

    private static void Require(JsonObject json, string where, List<string> errors, params string[] names) =>
        errors.AddRange(names.Where(n => !json.ContainsKey(n)).Select(n => $"{where}: missing required property '{n}'"));

    [GeneratedRegex("^[a-zA-Z0-9-_]+$")]
    private static partial Regex IdPattern();
}
