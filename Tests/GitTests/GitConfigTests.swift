import Foundation
import Git
import TestSupport
import Testing

@Suite struct GitConfigTests {
  @Test func hooksPathRelativeToTheWorkingDirectory() throws {
    let scratch = try ScratchRepository()
    scratch.directory.mkdir("sub")
    let repository = try #require(try GitRepository.discover(containing: scratch.directory.url("sub")))
    if try repository.configString("core.hooksPath") == nil {
      // Only checkable when the developer's global configuration does not set it.
      #expect(try repository.hooksDirectory == scratch.path + "/.git/hooks")
    }
    try scratch.git(["config", "core.hooksPath", ".githooks/"])
    #expect(try repository.configString("core.hooksPath") == ".githooks/")
    #expect(try repository.hooksDirectory == scratch.path + "/.githooks")
  }

  @Test func hooksPathAbsoluteAndHome() throws {
    let scratch = try ScratchRepository()
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    try scratch.git(["config", "core.hooksPath", "/opt/hooks"])
    #expect(try repository.hooksDirectory == "/opt/hooks")
    try scratch.git(["config", "core.hooksPath", "~/my hooks"])
    let home = try #require(ProcessInfo.processInfo.environment["HOME"])
    #expect(try repository.hooksDirectory == home + "/my hooks")
  }

  @Test func missingKeyIsNilAndRepositoryValuesAreRead() throws {
    let scratch = try ScratchRepository()
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(try repository.configString("synapse.nothing") == nil)
    try scratch.git(["config", "synapse.plugin", "värde"])
    #expect(try repository.configString("synapse.plugin") == "värde")
    #expect(try repository.configString("core.bare") == "false")
  }
}
