using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;

namespace MarketLab.Cli.Kernel;

/// <summary>
/// The kernel's five ZeroMQ sockets, bound on construction (a port in use is an <see cref="IOException"/> naming the
/// channel and port): shell, control and stdin ROUTER, IOPub PUB, heartbeat REP. Shell is read by the main loop,
/// control and heartbeat by their own threads; IOPub and stdin are shared and used under a lock each.
/// </summary>
internal sealed class KernelSockets : IDisposable
{
    private readonly Lock iopubGate = new(), stdinGate = new();
    private readonly MessageSigner signer;
    private readonly TextWriter log;

    public KernelSockets(ConnectionInfo info, TextWriter log)
    {
        this.log = log;
        signer = new MessageSigner(info.Key);
        try
        {
            Shell = Bind(new RouterSocket(), info, info.ShellPort, "shell");
            Control = Bind(new RouterSocket(), info, info.ControlPort, "control");
            Stdin = Bind(new RouterSocket(), info, info.StdinPort, "stdin");
            Iopub = Bind(new PublisherSocket(), info, info.IopubPort, "iopub");
            Heartbeat = Bind(new ResponseSocket(), info, info.HbPort, "heartbeat");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public RouterSocket Shell { get; } = null!;
    public RouterSocket Control { get; } = null!;
    public RouterSocket Stdin { get; } = null!;
    public PublisherSocket Iopub { get; } = null!;
    public ResponseSocket Heartbeat { get; } = null!;

    /// <summary>The kernel's session id: the <c>session</c> of every header it sends.</summary>
    public string Session { get; } = Guid.NewGuid().ToString();

    /// <summary>Waits up to <paramref name="wait"/> for a message; a badly signed or malformed one is logged and dropped (null).</summary>
    public JupyterMessage? Receive(NetMQSocket socket, string channel, TimeSpan wait)
    {
        NetMQMessage? frames = null;
        if (!socket.TryReceiveMultipartMessage(wait, ref frames)) return null;
        JupyterMessage? message = JupyterMessage.FromFrames([.. frames.Select(f => f.ToByteArray())], signer, out string? problem);
        if (message is null)
            log.WriteLine($"marketlab kernel: dropped a message on {channel}: {problem}");
        return message;
    }

    public void Send(NetMQSocket socket, JupyterMessage message)
    {
        var frames = new NetMQMessage();
        foreach (byte[] frame in message.ToFrames(signer)) frames.Append(frame);
        socket.SendMultipartMessage(frames);
    }

    /// <summary>Sends a reply of <paramref name="msgType"/> to <paramref name="request"/> on its socket.</summary>
    public void Reply(NetMQSocket socket, JupyterMessage request, string msgType, JsonObject content) =>
        Send(socket, JupyterMessage.Create(msgType, content, request, Session));

    /// <summary>Publishes on IOPub (topic = message type) with <paramref name="parent"/> as parent header.</summary>
    public void Publish(string msgType, JsonObject content, JupyterMessage? parent)
    {
        JupyterMessage message = JupyterMessage.Create(msgType, content, parent, Session, [System.Text.Encoding.ASCII.GetBytes(msgType)]);
        lock (iopubGate) Send(Iopub, message);
    }

    public void PublishStatus(string state, JupyterMessage? parent) => Publish("status", new JsonObject { ["execution_state"] = state }, parent);

    /// <summary>Asks the client behind <paramref name="parent"/> for a line on stdin and waits for its input_reply (null when <paramref name="stop"/> is set first).</summary>
    public string? RequestInput(JupyterMessage parent, string prompt, bool password, Func<bool> stop)
    {
        lock (stdinGate)
        {
            Send(Stdin, JupyterMessage.Create("input_request", new JsonObject { ["prompt"] = prompt, ["password"] = password }, parent, Session));
            while (!stop())
            {
                if (Receive(Stdin, "stdin", TimeSpan.FromMilliseconds(100)) is { MsgType: "input_reply" } reply)
                    return (string?)reply.Content["value"] ?? "";
            }
            return null;
        }
    }

    private T Bind<T>(T socket, ConnectionInfo info, int port, string channel) where T : NetMQSocket
    {
        try
        {
            socket.Options.Linger = TimeSpan.FromSeconds(1); // replies sent just before shutdown still leave
            socket.Bind(info.Endpoint(port));
            return socket;
        }
        catch (NetMQException e)
        {
            socket.Dispose();
            string why = e is AddressAlreadyInUseException ? "is in use" : $"cannot be bound ({e.Message})";
            throw new IOException($"the {channel} port {info.Ip}:{port} {why}", e);
        }
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (NetMQSocket? socket in new NetMQSocket?[] { Shell, Control, Stdin, Iopub, Heartbeat })
            socket?.Dispose();
    }
}
