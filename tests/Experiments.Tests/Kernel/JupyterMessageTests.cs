using System.Text;
using System.Text.Json.Nodes;
using MarketLab.Cli.Kernel;

namespace MarketLab.Experiments.Tests.Kernel;

public class JupyterMessageTests
{
    private static readonly MessageSigner Signer = new("secret-key");

    [Fact]
    public void FramesRoundTripWithIdentitiesAndAProtocolHeader()
    {
        JupyterMessage request = JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1+1" }, null, "client", [[1, 2, 3]]);
        JupyterMessage reply = JupyterMessage.Create("execute_reply", new JsonObject { ["status"] = "ok" }, request, "kernel");

        JupyterMessage? read = JupyterMessage.FromFrames(reply.ToFrames(Signer), Signer, out string? problem);

        Assert.Null(problem);
        Assert.Equal([1, 2, 3], Assert.Single(read!.Identities));
        Assert.Equal("execute_reply", read.MsgType);
        Assert.Equal(request.MsgId, (string?)read.ParentHeader["msg_id"]);
        foreach (string field in new[] { "msg_id", "session", "username", "date", "msg_type", "version" })
            Assert.NotNull(read.Header[field]);
        Assert.Equal("5.3", (string?)read.Header["version"]);
    }

    [Fact]
    public void TheSignatureIsTheHexHmacSha256OfTheFourJsonFrames()
    {
        List<byte[]> frames = JupyterMessage.Create("status", [], null, "kernel").ToFrames(Signer);
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("secret-key"));
        byte[] signed = [.. frames[2], .. frames[3], .. frames[4], .. frames[5]];
        Assert.Equal(Convert.ToHexStringLower(hmac.ComputeHash(signed)), Encoding.ASCII.GetString(frames[1]));
    }

    [Fact]
    public void AMessageSignedWithAnotherKeyIsRejected()
    {
        List<byte[]> frames = JupyterMessage.Create("kernel_info_request", [], null, "intruder").ToFrames(new MessageSigner("other-key"));
        Assert.Null(JupyterMessage.FromFrames(frames, Signer, out string? problem));
        Assert.Equal("bad HMAC signature", problem);
    }

    [Fact]
    public void ATamperedContentFrameIsRejected()
    {
        List<byte[]> frames = JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1" }, null, "client").ToFrames(Signer);
        frames[^1] = Encoding.UTF8.GetBytes("{\"code\":\"Environment.Exit(1)\"}");
        Assert.Null(JupyterMessage.FromFrames(frames, Signer, out _));
    }

    [Fact]
    public void FramesWithoutTheDelimiterAreRejected()
    {
        Assert.Null(JupyterMessage.FromFrames([[1], [2]], Signer, out string? problem));
        Assert.Contains("<IDS|MSG>", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CursorPositionsCountCodePoints()
    {
        const string text = "var s = \"😀\"; s";
        int utf16 = text.Length;
        Assert.Equal(utf16 - 1, CodePoints.FromUtf16(text, utf16));
        Assert.Equal(utf16, CodePoints.ToUtf16(text, utf16 - 1));
    }
}
