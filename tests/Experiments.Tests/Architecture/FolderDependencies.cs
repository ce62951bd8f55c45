using System.Reflection;
using System.Reflection.Emit;

namespace MarketLab.Experiments.Tests.Architecture;

/// <summary>
/// Which top-level folders (namespaces <c>MarketLab.Experiments.X</c>) of an assembly use which others, read from the
/// compiled assembly: base types, interfaces, field, property and method signatures, attributes, and every type, method
/// and field token in method bodies (IL). Compiler-generated closures and state machines count for their outer type.
/// </summary>
internal static class FolderDependencies
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Edges folder -> folder with one example each ("Type.Member uses OtherType").</summary>
    public static Dictionary<(string From, string To), string> Edges(Assembly assembly, string rootNamespace)
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (Type type in assembly.GetTypes())
        {
            string? from = Folder(type, rootNamespace);
            if (from is null) continue;
            void Use(Type? used, string where)
            {
                foreach (Type t in Expand(used))
                {
                    string? to = Folder(t, rootNamespace);
                    if (to is not null && to != from) edges.TryAdd((from, to), $"{type.FullName}.{where} uses {t.FullName}");
                }
            }

            Use(type.BaseType, "(base)");
            foreach (Type i in type.GetInterfaces()) Use(i, "(interface)");
            foreach (CustomAttributeData a in type.CustomAttributes) Use(a.AttributeType, "(attribute)");
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (FieldInfo f in type.GetFields(all)) Use(f.FieldType, f.Name);
            foreach (PropertyInfo p in type.GetProperties(all)) Use(p.PropertyType, p.Name);
            foreach (MethodBase m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (m is MethodInfo mi) Use(mi.ReturnType, m.Name);
                foreach (ParameterInfo p in m.GetParameters()) Use(p.ParameterType, m.Name);
                MethodBody? body = null;
                try { body = m.GetMethodBody(); } catch (Exception e) when (e is BadImageFormatException or InvalidOperationException) { }
                if (body is null) continue;
                foreach (LocalVariableInfo local in body.LocalVariables) Use(local.LocalType, m.Name);
                byte[] il = body.GetILAsByteArray() ?? [];
                foreach (int token in Tokens(il))
                {
                    MemberInfo? member = Resolve(m, token);
                    switch (member)
                    {
                        case Type t: Use(t, m.Name); break;
                        case FieldInfo f: Use(f.DeclaringType, m.Name); Use(f.FieldType, m.Name); break;
                        case MethodBase callee:
                            Use(callee.DeclaringType, m.Name);
                            if (callee.IsGenericMethod) foreach (Type g in callee.GetGenericArguments()) Use(g, m.Name);
                            break;
                    }
                }
            }
        }

        return edges;
    }

    /// <summary>
    /// Every method that the methods of <paramref name="type"/> call, with the calling member's name (closures and
    /// state machines are nested types of their own: pass them too).
    /// </summary>
    public static IEnumerable<(string Caller, MethodBase Callee)> Calls(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (MethodBase m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            MethodBody? body = null;
            try { body = m.GetMethodBody(); } catch (Exception e) when (e is BadImageFormatException or InvalidOperationException) { }
            if (body is null) continue;
            foreach (int token in Tokens(body.GetILAsByteArray() ?? []))
                if (Resolve(m, token) is MethodBase callee) yield return ($"{type.Name}.{m.Name}", callee);
        }
    }

    // The folder of a type: the namespace segment after the root, or null outside the root (or for the root itself).
    private static string? Folder(Type type, string rootNamespace)
    {
        string? ns = type.Namespace;
        if (ns is null || !ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal)) return null;
        string rest = ns[(rootNamespace.Length + 1)..];
        int dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null) yield break;
        if (type.HasElementType)
        {
            foreach (Type t in Expand(type.GetElementType())) yield return t;
            yield break;
        }

        if (type.IsGenericParameter) yield break;
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            foreach (Type arg in type.GetGenericArguments())
                foreach (Type t in Expand(arg)) yield return t;
    }

    private static MemberInfo? Resolve(MethodBase method, int token)
    {
        try
        {
            Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
            Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
            return method.Module.ResolveMember(token, typeArgs, methodArgs);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException)
        {
            return null;
        }
    }

    // The metadata tokens of the IL's operands (types, methods, fields; strings and signatures skipped).
    private static IEnumerable<int> Tokens(byte[] il)
    {
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out OpCode op)) yield break;
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                default: i += 4; break; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
            }
        }
    }
}
