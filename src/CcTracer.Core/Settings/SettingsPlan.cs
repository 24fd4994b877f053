namespace CcTracer.Settings;

/// <summary>The outcome of a merge or removal before anything is written: new bytes, or null when nothing changes.</summary>
internal sealed record SettingsPlan(byte[]? NewBytes, SettingsMergeResult Result);
