/// The tool's version, printed by `--version` and recorded in build reports.
public enum SynapseVersion {
  public static let current = "0.1.0"
}
