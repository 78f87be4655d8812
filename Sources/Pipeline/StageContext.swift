import Glibc
import Hashing

/// What a running stage sees: its resolved inputs, and where its outputs go.
///
/// Only declared inputs are reachable here, which keeps stages honest about their keys.
public final class StageContext {
  /// A declared single-file input.
  public struct ResolvedFile: Sendable {
    public let path: String
    public let absolutePath: String
    public let digest: Digest
    public let size: Int
  }

  public let stageName: String
  /// Canonical absolute path of the workspace (not part of any key).
  public let workspace: String
  let values: [String: String]
  let files: [String: ResolvedFile]
  let trees: [String: TreeListing]
  let upstream: [String: StageOutputs]
  let content: ContentStore
  /// Vouches for content-store objects handed on by path (``previousBlobPath(_:)``) and
  /// remembers the ones this stage writes; nil hashes every time.
  let statCache: StatCache?
  /// What this stage produced the last time it ran in this workspace, if still cached.
  ///
  /// A hint for incremental work (reusing unchanged parts of a large output), never an
  /// input: the stage must produce the same outputs with or without it, which is why it
  /// does not enter the key. Blobs named here exist with their recorded size.
  public let previousOutputs: StageOutputs?
  private(set) var outputs = StageOutputs()
  private(set) var warnings: [String] = []
  /// Bytes written to the content store, for the cache's size estimate.
  private(set) var bytesStored = 0

  init(
    stageName: String, workspace: String, values: [String: String],
    files: [String: ResolvedFile], trees: [String: TreeListing],
    upstream: [String: StageOutputs], content: ContentStore, previousOutputs: StageOutputs? = nil,
    statCache: StatCache? = nil
  ) {
    self.previousOutputs = previousOutputs
    self.statCache = statCache
    self.stageName = stageName
    self.workspace = workspace
    self.values = values
    self.files = files
    self.trees = trees
    self.upstream = upstream
    self.content = content
  }

  // MARK: - Inputs

  public func value(_ name: String) -> String? { values[name] }

  public func file(_ path: String) -> ResolvedFile? { files[path] }

  /// The bytes of a declared file, checked against the digest that entered the key, so an
  /// edit made during the build cannot be cached under the old key.
  public func readFile(_ path: String) throws -> [UInt8] {
    guard let file = files[path] else { throw PipelineError.missingOutput(stage: stageName, output: path) }
    let bytes = try FileSystem.readFile(file.absolutePath)
    guard SHA256.hash(bytes: bytes) == file.digest else {
      throw PipelineError.fileChangedDuringBuild(path: file.absolutePath)
    }
    return bytes
  }

  public func tree(_ name: String) -> TreeListing? { trees[name] }

  /// The outputs of an upstream stage this stage declared.
  public func outputs(of stage: String) throws -> StageOutputs {
    guard let o = upstream[stage] else { throw PipelineError.unknownStage(stage, referencedBy: stageName) }
    return o
  }

  /// Path of an upstream blob in the content store (read-only).
  public func blobPath(_ stage: String, _ output: String) throws -> String {
    guard let blob = try outputs(of: stage).blob(output) else {
      throw PipelineError.missingOutput(stage: stage, output: output)
    }
    return content.path(for: blob.digest)
  }

  /// The bytes of an upstream blob, verified against its digest.
  public func readBlob(_ stage: String, _ output: String) throws -> [UInt8] {
    guard let blob = try outputs(of: stage).blob(output) else {
      throw PipelineError.missingOutput(stage: stage, output: output)
    }
    return try content.read(blob.digest)
  }

  /// Path of one of ``previousOutputs``' blobs in the content store, verified (see
  /// ``ContentStore/integrity(of:size:statCache:)``): a stage that copies parts of its last
  /// output must not copy damage into a new object under a new, valid-looking digest. Nil
  /// when the blob is absent or damaged (a damaged one is removed).
  public func previousBlobPath(_ output: String) -> String? {
    guard let blob = previousOutputs?.blob(output) else { return nil }
    switch content.integrity(of: blob.digest, size: blob.size, statCache: statCache ?? StatCache()) {
    case .intact: return content.path(for: blob.digest)
    case .damaged:
      content.discard(blob.digest)
      return nil
    case .missing: return nil
    }
  }

  /// The bytes of one of ``previousOutputs``' blobs, verified; nil if absent or damaged.
  public func readPreviousBlob(_ output: String) -> [UInt8]? {
    guard let blob = previousOutputs?.blob(output) else { return nil }
    return try? content.read(blob.digest)
  }

  /// Streams an upstream blob, verifying it against its digest at the end.
  public func streamBlob(
    _ stage: String, _ output: String, _ body: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    guard let blob = try outputs(of: stage).blob(output) else {
      throw PipelineError.missingOutput(stage: stage, output: output)
    }
    try content.stream(blob.digest, body)
  }

  // MARK: - Outputs

  public func setText(_ name: String, _ text: String) {
    outputs[name] = .text(text)
  }

  /// Writes a file output through `body`, which receives a writer that hashes and stores.
  @discardableResult
  public func writeBlob(_ name: String, _ body: (BlobWriter) throws -> Void) throws -> Digest {
    let writer = try content.makeWriter()
    try body(writer)
    let (digest, size) = try writer.commit()
    bytesStored += size
    if let statCache { content.recordWritten(digest, statCache: statCache) }
    outputs[name] = .blob(digest: digest.hex, size: size)
    return digest
  }

  /// Stores bytes for this stage's next run only (see ``StageOutputs/auxiliary``).
  public func setAuxiliaryBlob(_ name: String, _ bytes: [UInt8]) throws {
    let writer = try content.makeWriter()
    try bytes.withUnsafeBytes { try writer.write($0) }
    let (digest, size) = try writer.commit()
    bytesStored += size
    outputs.setAuxiliary(name, .blob(digest: digest.hex, size: size))
  }

  /// Stores bytes as a file output.
  @discardableResult
  public func setBlob(_ name: String, _ bytes: [UInt8]) throws -> Digest {
    try writeBlob(name) { w in try bytes.withUnsafeBytes { try w.write($0) } }
  }

  /// A non-fatal finding, shown with the stage's result.
  public func warn(_ message: String) {
    warnings.append(message)
  }
}
