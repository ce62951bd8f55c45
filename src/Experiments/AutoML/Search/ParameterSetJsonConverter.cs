using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarketLab.Experiments.AutoML.Runner;

namespace MarketLab.Experiments.AutoML.Search;

/// <summary>System.Text.Json converter for <see cref="ParameterSet"/>; the format is described on that type.</summary>
internal sealed class ParameterSetJsonConverter : JsonConverter<ParameterSet>
{
    private const string ChoiceKey = "choice";
    private const string ParametersKey = "parameters";

    public override ParameterSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected a JSON object of parameters, found {reader.TokenType}.");
        var entries = new List<KeyValuePair<string, ParameterValue>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            entries.Add(new(name, ReadValue(ref reader, name, options)));
        }

        return new ParameterSet(entries);
    }

    public override void Write(Utf8JsonWriter writer, ParameterSet value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, v) in value)
        {
            writer.WritePropertyName(name);
            switch (v.Kind)
            {
                case ParameterKind.Int:
                    writer.WriteNumberValue(v.AsInt());
                    break;
                case ParameterKind.Float:
                    // "R" is the shortest round-trip form; force a '.' so the reader knows it is a float.
                    var text = v.AsDouble().ToString("R", CultureInfo.InvariantCulture);
                    writer.WriteRawValue(text.IndexOfAny(['.', 'E', 'e']) >= 0 ? text : text + ".0");
                    break;
                case ParameterKind.Choice when v.Nested.Count == 0:
                    writer.WriteStringValue(v.AsChoice());
                    break;
                default:
                    writer.WriteStartObject();
                    writer.WriteString(ChoiceKey, v.AsChoice());
                    writer.WritePropertyName(ParametersKey);
                    Write(writer, v.Nested, options);
                    writer.WriteEndObject();
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private ParameterValue ReadValue(ref Utf8JsonReader reader, string name, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return ParameterValue.Choice(reader.GetString()!);
            case JsonTokenType.Number:
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                var isFloat = Array.Exists(raw, b => b is (byte)'.' or (byte)'e' or (byte)'E');
                return isFloat ? ParameterValue.Float(reader.GetDouble()) : ParameterValue.Int(reader.GetInt32());
            case JsonTokenType.StartObject:
                string? option = null;
                var nested = ParameterSet.Empty;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString();
                    reader.Read();
                    if (key == ChoiceKey) option = reader.GetString();
                    else if (key == ParametersKey) nested = Read(ref reader, typeof(ParameterSet), options);
                    else throw new JsonException($"Parameter '{name}': unexpected key '{key}'; allowed: '{ChoiceKey}', '{ParametersKey}'.");
                }

                return ParameterValue.Choice(option ?? throw new JsonException($"Parameter '{name}': missing '{ChoiceKey}'."), nested);
            default:
                throw new JsonException($"Parameter '{name}': unexpected {reader.TokenType}; expected a number, a string or an object.");
        }
    }
}
