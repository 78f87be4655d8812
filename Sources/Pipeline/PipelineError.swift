/// Everything the engine reports as a failure, each naming the path or stage involved and,
/// where there is one, the way out.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
  case invalidFileName(directory: String, escapedName: String)
  case danglingSymlink(path: String)
  case symlinkEscapes(path: String, target: String, boundary: String)
  case symlinkToDirectory(path: String, target: String)
  /// A link the rules keep whose target (or a directory above it) the rules exclude.
  case symlinkToExcluded(path: String, target: String)
  case unsupportedFileType(path: String)
  /// A file input that is a directory.
  case directoryNotFile(path: String)
  case fileChangedDuringBuild(path: String)
  case unknownStage(String, referencedBy: String)
  case duplicateStage(String)
  case cycle([String])
  case cacheNotWritable(path: String, reason: String)
  case cacheFull(path: String, reason: String)
  case corruptContent(digest: String, path: String)
  case missingContent(digest: String)
  case missingOutput(stage: String, output: String)

  public var description: String {
    switch self {
    case .invalidFileName(let dir, let name):
      return
        "\(dir)/\(name): file name is not valid UTF-8 or contains a control character; rename it or add it to an ignore file"
    case .danglingSymlink(let path):
      return "\(path): symlink points to nothing; remove it or add it to an ignore file"
    case .symlinkEscapes(let path, let target, let boundary):
      return
        "\(path): symlink points outside \(boundary) (to \(target)); copy the file in or add the link to an ignore file"
    case .symlinkToDirectory(let path, let target):
      return
        "\(path): symlink to a directory (\(target)) is not followed; replace it with the directory or add it to an ignore file"
    case .symlinkToExcluded(let path, let target):
      return
        "\(path): symlink to \(target), which the ignore rules exclude; refusing to archive excluded content through a link (remove the link or add it to an ignore file)"
    case .directoryNotFile(let path):
      return "\(path): is a directory, not a file"
    case .unsupportedFileType(let path):
      return "\(path): not a regular file, directory or symlink; add it to an ignore file"
    case .fileChangedDuringBuild(let path):
      return "\(path): changed while the build was reading it; run the build again"
    case .unknownStage(let name, let by):
      return "stage '\(by)' reads from unknown stage '\(name)'"
    case .duplicateStage(let name):
      return "two stages are named '\(name)'"
    case .cycle(let names):
      return "stages form a cycle: \(names.joined(separator: " -> "))"
    case .cacheNotWritable(let path, let reason):
      return
        "cache directory \(path) is not usable: \(reason); pass --cache-dir or set SYNAPSE_CACHE_DIR to a writable directory"
    case .cacheFull(let path, let reason):
      return
        "cache directory \(path) is full (\(reason)); free space, run `synapse cache prune --max-size SIZE`, or pass --cache-dir"
    case .corruptContent(let digest, let path):
      return "cache object \(path) does not match its digest \(digest)"
    case .missingContent(let digest):
      return "cache object \(digest) is missing"
    case .missingOutput(let stage, let output):
      return "stage '\(stage)' has no output named '\(output)'"
    }
  }

  /// Renders bytes that are not valid UTF-8 as `\xNN` escapes so the name can be shown.
  static func escape(_ raw: [UInt8]) -> String {
    var out = ""
    var i = 0
    while i < raw.count {
      let b = raw[i]
      if b < 0x80, b >= 0x20 {
        out.unicodeScalars.append(Unicode.Scalar(b))
      } else {
        let hex = String(b, radix: 16)
        out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
      }
      i += 1
    }
    return out
  }
}
