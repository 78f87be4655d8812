import Archive
import Foundation
import Pipeline
import Testing
import TestSupport

@testable import Stages

@Suite struct PythonRuntimePackageTests {
  @Test func theZipHoldsExactlyTheEmbeddedRuntime() throws {
    let dir = TemporaryDirectory()
    let package = try PythonRuntime.package(in: try CacheDirectory(path: dir.url("cache")))
    let contents = try ZipReader.contents(atPath: package.path)
    #expect(contents.map(\.path) == PythonRuntime.files.keys.sorted().map { "synapse_sdk/" + $0 })
    for (path, bytes) in contents {
      let embedded = PythonRuntime.files[String(path.dropFirst("synapse_sdk/".count))]
      #expect(bytes == embedded.map { Array($0.utf8) }, "\(path)")
    }
    #expect(contents.contains { $0.path == "synapse_sdk/plugins/job_entry.py" })
    #expect(package.size == Int64(dir.read("cache/runtime/\(PythonRuntime.digest).zip").count))
    #expect(package.path == dir.url("cache/runtime/\(PythonRuntime.digest).zip"))
  }

  @Test func theSameBytesAndNameInAnyCache() throws {
    let first = TemporaryDirectory()
    let second = TemporaryDirectory()
    let a = try PythonRuntime.package(in: try CacheDirectory(path: first.url("cache")))
    let b = try PythonRuntime.package(in: try CacheDirectory(path: second.url("nested/other-cache")))
    #expect(a.path != b.path)
    #expect(a.rayName == b.rayName)
    #expect(a.rayName == "_ray_pkg_synapse_sdk_" + PythonRuntime.digest.prefix(40) + ".zip")
    let bytes = try #require(FileManager.default.contents(atPath: a.path))
    #expect(bytes == FileManager.default.contents(atPath: b.path))
    #expect(Int64(bytes.count) == a.size)
  }

  @Test func aPackagedRuntimeIsReusedAsItIs() throws {
    let dir = TemporaryDirectory()
    let cache = try CacheDirectory(path: dir.url("cache"))
    let first = try PythonRuntime.package(in: cache)
    var before = stat()
    stat(first.path, &before)
    let again = try PythonRuntime.package(in: cache)
    var after = stat()
    stat(again.path, &after)
    #expect(again.path == first.path)
    #expect(again.size == first.size)
    #expect(after.st_ino == before.st_ino)
  }
}
