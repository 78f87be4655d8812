import Glibc

/// The part of `stat(2)` that decides whether a file may have changed.
///
/// Size, mtime and ctime in nanoseconds, inode and device: the tuple git and llbuild trust
/// before re-reading a file. ctime catches `chmod`, renames over the file and `touch -m`
/// tricks that restore an mtime.
public struct FileStat: Sendable, Equatable {
  public enum Kind: Sendable, Equatable { case regular, directory, symlink, other }

  public let kind: Kind
  public let size: Int
  public let mtimeNanoseconds: Int64
  public let ctimeNanoseconds: Int64
  public let inode: UInt64
  public let device: UInt64
  public let mode: UInt32

  public init(
    kind: Kind, size: Int, mtimeNanoseconds: Int64, ctimeNanoseconds: Int64, inode: UInt64,
    device: UInt64, mode: UInt32
  ) {
    self.kind = kind
    self.size = size
    self.mtimeNanoseconds = mtimeNanoseconds
    self.ctimeNanoseconds = ctimeNanoseconds
    self.inode = inode
    self.device = device
    self.mode = mode
  }

  init(_ st: stat) {
    let format = st.st_mode & S_IFMT
    let kind: Kind
    switch format {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .directory
    case S_IFLNK: kind = .symlink
    default: kind = .other
    }
    self.init(
      kind: kind, size: Int(st.st_size),
      mtimeNanoseconds: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
      ctimeNanoseconds: Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec),
      inode: UInt64(st.st_ino), device: UInt64(st.st_dev), mode: UInt32(st.st_mode))
  }

  /// Whether any execute bit is set: the only permission a deterministic archive keeps.
  public var isExecutable: Bool { mode & 0o111 != 0 }
}
