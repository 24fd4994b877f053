using System.Reflection;

namespace CcTracer.TestKit.PublicApi;

/// <summary>Type names as C# spells them: keywords, <c>T?</c> from nullability, generics, arrays.</summary>
internal static class TypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(char)] = "char", [typeof(short)] = "short",
        [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long",
        [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal",
    };

    /// <summary>The name without namespace or generic arity, nested types as <c>Outer.Inner</c>.</summary>
    public static string Simple(Type type)
    {
        var name = type.Name.Split('`')[0];
        return type.IsNested && !type.IsGenericParameter ? Simple(type.DeclaringType!) + "." + name : name;
    }

    /// <summary><paramref name="type"/> as C# writes it, with <c>?</c> where <paramref name="nullability"/> says so.</summary>
    public static string Format(Type type, NullabilityInfo? nullability)
    {
        if (type.IsByRef)
        {
            return Format(type.GetElementType()!, nullability);
        }

        var nullable = nullability?.ReadState == NullabilityState.Nullable && !type.IsValueType ? "?" : "";
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Format(underlying, null) + "?";
        }

        if (type.IsArray)
        {
            return Format(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + nullable;
        }

        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword + nullable;
        }

        if (!type.IsGenericType)
        {
            return Simple(type) + nullable;
        }

        var arguments = type.GetGenericArguments();
        var names = arguments.Select((a, i) => Format(a, nullability is { GenericTypeArguments.Length: var n } && n == arguments.Length ? nullability.GenericTypeArguments[i] : null));
        return Simple(type) + "<" + string.Join(", ", names) + ">" + nullable;
    }
}
