import FoundationEssentials
import Hashing
import Pipeline

/// Learns an interpreter's ``PythonIdentity`` by running it once, and remembers the answer
/// in the cache (`interpreters/<hash of its path>.json`) next to the `stat` of the command
/// and of the real executable.
///
/// Starting Python costs 20 to 70 ms (more through a pyenv shim), several times the budget
/// of an unchanged environment stage. The record is reused while both files keep their
/// size, mtime, ctime, inode and device: reinstalling or upgrading the interpreter, or
/// regenerating a shim, changes one of them and the next run asks again.
public enum PythonProbe {
  /// Bumped when the script or the record changes shape.
  static let format = 1

  /// Prints the identity as JSON. `-I` keeps `PYTHONPATH` and the current directory out of
  /// the answer.
  static let script = """
    import importlib.util, json, site, sys
    dirs = []
    for d in site.getsitepackages() + [site.getusersitepackages()]:
        if d not in dirs:
            dirs.append(d)
    print(json.dumps({"executable": sys.executable, "version": sys.version,
        "release": "%d.%d.%d" % sys.version_info[:3], "prefix": sys.prefix,
        "base_prefix": sys.base_prefix, "site_packages": dirs,
        "pip": importlib.util.find_spec("pip") is not None}))
    """

  struct Record: Codable {
    var format: Int
    var command: String
    var commandStat: String
    var executableStat: String
    var identity: PythonIdentity
  }

  /// The identity of `interpreter`, from the cache when neither file changed.
  /// - Throws: ``StagesError/stageFailed(_:)`` naming the interpreter and the way out when
  ///   it cannot be found or run.
  public static func identify(_ interpreter: PythonInterpreter, cache: CacheDirectory) throws -> PythonIdentity {
    guard let command = ExecutableSearch.find(interpreter.executable) else {
      throw StagesError.stageFailed(
        "\(interpreter.executable) (from \(interpreter.source)) was not found on PATH; install Python 3, "
          + "or name an interpreter with --python or SYNAPSE_PYTHON")
    }
    let recordPath = FilePath.join(
      cache.path, "interpreters/\(SHA256.hash(string: command).hex.prefix(32)).json")
    let commandStat = try fingerprint(command)
    if let bytes = try? FileSystem.readFileIfPresent(recordPath),
      let record = try? JSONDecoder().decode(Record.self, from: Data(bytes)),
      record.format == format, record.command == command, record.commandStat == commandStat,
      (try? fingerprint(record.identity.executable)) == record.executableStat
    {
      return record.identity
    }

    let result: ChildProcess.Result
    do {
      result = try ChildProcess.run(command, ["-I", "-c", script])
    } catch {
      throw StagesError.stageFailed("cannot run \(command) (from \(interpreter.source)): \(error)")
    }
    let lastLine = result.text.split(separator: "\n").last.map(String.init) ?? ""
    guard result.status == 0,
      let identity = try? JSONDecoder().decode(PythonIdentity.self, from: Data(lastLine.utf8)),
      !identity.executable.isEmpty
    else {
      throw StagesError.stageFailed(
        "\(command) (from \(interpreter.source)) is not a working Python 3 (exit \(result.status)): "
          + String(result.text.suffix(1000)) + "\nname another interpreter with --python or SYNAPSE_PYTHON")
    }
    if let executableStat = try? fingerprint(identity.executable) {
      let record = Record(
        format: format, command: command, commandStat: commandStat, executableStat: executableStat,
        identity: identity)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      // Only makes the next run faster: failing to save it is not an error.
      if let data = try? encoder.encode(record) {
        try? FileSystem.createDirectory(FilePath.parent(of: recordPath))
        try? FileSystem.writeAtomically(Array(data), to: recordPath)
      }
    }
    return identity
  }

  /// What changes when a file is replaced or rewritten (following symlinks).
  static func fingerprint(_ path: String) throws -> String {
    let st = try FileSystem.stat(path)
    return "\(st.size):\(st.mtimeNanoseconds):\(st.ctimeNanoseconds):\(st.inode):\(st.device)"
  }
}
