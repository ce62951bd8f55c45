using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>
/// Reads a <c>torch.save(model.state_dict(), ...)</c> file (PyTorch's zip format since 1.6: <c>archive/data.pkl</c>, a
/// pickled OrderedDict whose tensors point at <c>archive/data/N</c> storages) through TorchSharp.PyBridge's unpickler.
/// Only the reading is PyBridge's; every failure (not a zip, truncated, a whole pickled module, an unknown storage type)
/// becomes a <see cref="CheckpointFormatException"/> naming the file. Safetensors files go through our own
/// <see cref="SafetensorsFile"/>, not PyBridge's, so there is one safetensors path.
/// </summary>
public static class PyTorchStateDictFile
{
    /// <summary>Name -> tensor (CPU; the caller disposes), in no particular order.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"PyTorch checkpoint not found: {path}", path);
        Hashtable table;
        try
        {
            using FileStream stream = File.OpenRead(path);
            RequireZip(path, stream);
            table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        }
        catch (CheckpointFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CheckpointFormatException(path, $"not a readable PyTorch state_dict file (torch.save zip format): {e.GetType().Name}: {e.Message}", e);
        }

        var state = new Dictionary<string, Tensor>(table.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor tensor)
            {
                foreach (Tensor t in state.Values) t.Dispose();
                throw new CheckpointFormatException(path, $"entry '{entry.Key}' is a {entry.Value?.GetType().Name ?? "null"}, not a tensor; save the model's state_dict().");
            }

            state[name] = tensor;
        }

        return state;
    }

    // torch.save's zip files start with a local file header "PK\x03\x04"; the legacy (pre-1.6) format is a bare pickle.
    private static void RequireZip(string path, Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        int read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (read < 4 || magic[0] != 0x50 || magic[1] != 0x4B || magic[2] != 0x03 || magic[3] != 0x04)
        {
            string found = read < 4 ? $"only {read} bytes" : $"bytes {Convert.ToHexString(magic[..read])}";
            throw new CheckpointFormatException(path, $"not a PyTorch zip checkpoint (expected the zip signature 504B0304, found {found}); files from torch.save before PyTorch 1.6 or with _use_new_zipfile_serialization=False are not supported: re-save them with a current torch.save.");
        }

        stream.Position = 0;
    }
}
