namespace CcTracer.Secrets;

/// <summary>One entry of a record's <c>masked</c> list: where a secret was, what it looked like, and its marker hash.</summary>
/// <param name="Where"><c>header:NAME</c>, <c>query:NAME</c>, <c>path</c>, <c>body</c> or <c>payload</c>.</param>
/// <param name="Kind">One of <see cref="SecretKinds"/>.</param>
/// <param name="Hash">The 8 hex digits of its marker.</param>
internal readonly record struct MaskedSecret(string Where, string Kind, string Hash);
