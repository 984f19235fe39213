namespace Lagesbild.Data;

/// <summary>
/// The data folder holds the database, the sign-in keys and the photos of findings: on Unix it is created readable by
/// the service's user only (0700 for folders, 0600 for files), whatever the umask of the host, so that another account
/// on the machine cannot copy the database or forge a sign-in with the keys.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, Folder);
    }

    /// <summary>Creates an empty file with the owner's mode if there is none, before another library creates it with the umask's.</summary>
    public static void CreateFile(string path)
    {
        if (OperatingSystem.IsWindows() || System.IO.File.Exists(path))
            return;
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = File });
        }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            // Created at the same moment by another process: its mode is its own.
        }
    }

    /// <summary>Narrows a file someone else wrote (a key) to the owner.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && System.IO.File.Exists(path))
            System.IO.File.SetUnixFileMode(path, File);
    }
}
