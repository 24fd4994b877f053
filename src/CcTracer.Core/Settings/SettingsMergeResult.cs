namespace CcTracer.Settings;

/// <summary>What a <see cref="SettingsMerger.Merge(string)"/> or <see cref="SettingsMerger.Remove(string)"/> did.</summary>
/// <param name="SettingsPath">The full path of the settings file.</param>
/// <param name="Added">Tracer hook entries written that were not there before.</param>
/// <param name="Removed">Tracer hook entries that were there before and are gone now.</param>
/// <param name="Changed">Whether the file's bytes changed (or it was created).</param>
/// <param name="Created">Whether the file did not exist before.</param>
/// <param name="BackupPath">
/// The backup of the user's original file (<c>settings.json.bak</c>), when one exists; it is written
/// once, before the first change of an existing file, and never overwritten.
/// </param>
/// <param name="BackupWritten">Whether this call wrote <paramref name="BackupPath"/>.</param>
/// <param name="Deleted">Whether a removal deleted a file the merger had created, as nothing else was left in it.</param>
public sealed record SettingsMergeResult(
    string SettingsPath,
    int Added,
    int Removed,
    bool Changed,
    bool Created,
    string? BackupPath,
    bool BackupWritten,
    bool Deleted = false);
