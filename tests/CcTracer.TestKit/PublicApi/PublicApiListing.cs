using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace CcTracer.TestKit.PublicApi;

/// <summary>
/// Writes an assembly's public surface as sorted C#-like lines (one type header, then its public and
/// protected members indented), so a change to it shows up as a plain diff of docs/public-api/*.txt.
/// </summary>
public static class PublicApiListing
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The listing of <paramref name="assembly"/>, '\n'-separated, ending with a newline.</summary>
    public static string Describe(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(TypeHeader(type)).Append('\n');
            // Constructors first, then by member name, so overloads and a property's siblings stay together.
            var members = Members(type)
                .OrderBy(m => m.Name, StringComparer.Ordinal)
                .ThenBy(m => m.Line, StringComparer.Ordinal);
            foreach (var (_, line) in members)
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string TypeHeader(Type type)
    {
        var name = type.FullName!.Split('`')[0].Replace('+', '.') + GenericParameters(type);
        if (type.IsEnum)
        {
            return $"public enum {name} : {TypeNames.Format(Enum.GetUnderlyingType(type), null)}";
        }

        if (type.BaseType == typeof(MulticastDelegate))
        {
            var invoke = type.GetMethod("Invoke")!;
            return $"public delegate {Signature(invoke, name)}";
        }

        var kind = type.IsInterface ? "interface"
            : type.IsValueType ? (type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly struct" : "struct")
            : (type.IsAbstract && type.IsSealed ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "")
              + (type.GetMethod("<Clone>$") is null ? "class" : "record");
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Add(TypeNames.Format(baseType, null));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsVisible).Select(i => TypeNames.Format(i, null)).Order(StringComparer.Ordinal));
        return $"public {kind} {name}" + (bases.Count == 0 ? "" : " : " + string.Join(", ", bases));
    }

    private static IEnumerable<(string Name, string Line)> Members(Type type)
    {
        if (type.BaseType == typeof(MulticastDelegate))
        {
            yield break;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var member in type.GetMembers(Declared))
        {
            var line = member switch
            {
                ConstructorInfo c when Visible(c) => Access(c) + Signature(c, TypeNames.Simple(type)),
                MethodInfo m when Visible(m) && !m.IsSpecialName && !m.IsDefined(typeof(CompilerGeneratedAttribute)) => Access(m) + MethodModifiers(m) + Signature(m, m.Name),
                MethodInfo m when Visible(m) && m.Name.StartsWith("op_", StringComparison.Ordinal) => Access(m) + "static " + Signature(m, m.Name),
                PropertyInfo p when Accessors(p).Any() => Property(p, nullability),
                FieldInfo f when type.IsEnum && f.IsStatic => $"{f.Name} = {Convert.ToString(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}",
                FieldInfo f when Visible(f) && !f.IsSpecialName => Field(f, nullability),
                EventInfo e when e.AddMethod is { } add && Visible(add) => $"{Access(add)}event {TypeNames.Format(e.EventHandlerType!, nullability.Create(e))} {e.Name}",
                _ => null,
            };
            if (line is not null && !member.Name.Contains('<', StringComparison.Ordinal))
            {
                yield return (member is ConstructorInfo ? "" : member.Name, line);
            }
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static bool Visible(FieldInfo f) => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly;

    private static string Access(MethodBase m) => m.IsPublic ? "public " : "protected ";

    private static IEnumerable<MethodInfo> Accessors(PropertyInfo p)
        => new[] { p.GetMethod, p.SetMethod }.OfType<MethodInfo>().Where(Visible);

    private static string MethodModifiers(MethodInfo m)
    {
        if (m.IsStatic)
        {
            return "static ";
        }

        if (m.DeclaringType!.IsInterface)
        {
            return "";
        }

        return m.IsAbstract ? "abstract "
            : m.IsVirtual && m.GetBaseDefinition().DeclaringType != m.DeclaringType ? "override "
            : m.IsVirtual && !m.IsFinal ? "virtual "
            : "";
    }

    private static string Signature(MethodBase method, string name)
    {
        var nullability = new NullabilityInfoContext();
        var returns = method is MethodInfo m ? TypeNames.Format(m.ReturnType, nullability.Create(m.ReturnParameter)) + " " : "";
        var generic = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";
        var extension = method.IsDefined(typeof(ExtensionAttribute)) ? "this " : "";
        return $"{returns}{name}{generic}({extension}{Parameters(method.GetParameters(), nullability)})";
    }

    private static string Parameters(ParameterInfo[] parameters, NullabilityInfoContext nullability)
        => string.Join(", ", parameters.Select(p =>
        {
            var modifier = p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "";
            var text = $"{modifier}{TypeNames.Format(p.ParameterType, nullability.Create(p))} {p.Name}";
            return p.HasDefaultValue ? text + " = " + DefaultValue(p.DefaultValue) : text;
        }));

    private static string DefaultValue(object? value) => value switch
    {
        null => "default",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default",
    };

    private static string Property(PropertyInfo p, NullabilityInfoContext nullability)
    {
        var accessors = Accessors(p).ToList();
        var first = accessors[0];
        var isStatic = first.IsStatic ? "static " : "";
        var modifiers = p.DeclaringType!.IsInterface ? "" : MethodModifiers(first).Replace("static ", "", StringComparison.Ordinal);
        var index = p.GetIndexParameters();
        var name = index.Length == 0 ? p.Name : $"this[{Parameters(index, nullability)}]";
        var parts = accessors.Select(a => (a == p.GetMethod ? "get" : IsInit(a) ? "init" : "set") + ";");
        return $"{Access(first)}{isStatic}{modifiers}{TypeNames.Format(p.PropertyType, nullability.Create(p))} {name} {{ {string.Join(" ", parts)} }}";
    }

    private static bool IsInit(MethodInfo setter)
        => setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static string Field(FieldInfo f, NullabilityInfoContext nullability)
    {
        var type = TypeNames.Format(f.FieldType, nullability.Create(f));
        var access = f.IsPublic ? "public " : "protected ";
        return f.IsLiteral
            ? $"{access}const {type} {f.Name} = {DefaultValue(f.GetRawConstantValue())}"
            : $"{access}{(f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{type} {f.Name}";
    }

    private static string GenericParameters(Type type)
        => type.IsGenericTypeDefinition ? "<" + string.Join(", ", type.GetGenericArguments().Select(a => a.Name)) + ">" : "";
}
