namespace Lagesbild.Data;

public enum ImportState
{
    Queued,
    Running,
    Cancelled,
    Failed,
    Completed,
}

/// <summary>
/// A bulk import of observations from a file: who started it, from which source, and how far it has come. The counts
/// and the line reached are committed with each batch of rows, so that an import stopped by a killed process resumes
/// after its last committed line and writes nothing twice.
/// </summary>
public sealed class ImportJob
{
    public long Id { get; set; }
    public int? CreatedById { get; set; }
    public required string CreatedByName { get; set; }
    public int? OrganisationId { get; set; }
    public required string Source { get; set; }
    public required string FileName { get; set; }
    /// <summary>Where the file is kept while it is imported (under the data folder, or the command line's input).</summary>
    public required string Path { get; set; }
    public long SizeBytes { get; set; }
    public ImportState State { get; set; }
    /// <summary>The last line of the file whose row is committed (stored, skipped or refused); 1 is the header.</summary>
    public long LineReached { get; set; }
    public long RowsRead { get; set; }
    public long Stored { get; set; }
    public long Skipped { get; set; }
    public long Refused { get; set; }
    public long BytesRead { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? LastError { get; set; }
    public string? IdempotencyKey { get; set; }
}

/// <summary>A row of an import that was not stored: its line, the column at fault and why.</summary>
public sealed class ImportRefusal
{
    public long Id { get; set; }
    public long ImportJobId { get; set; }
    public long Line { get; set; }
    public required string Column { get; set; }
    public required string Reason { get; set; }
}
