import Testing
import TestSupport
import YAML

@testable import Stages

@Suite struct RayJobConfigTests {
  /// Reads `yaml` as a plugin's config.yaml for the action `main`.
  func read(_ yaml: String) throws -> RayJobConfig {
    let dir = TemporaryDirectory()
    dir.write("config.yaml", yaml)
    return try RayJobConfig.read(PluginLocation.resolve(path: dir.path, config: nil), action: "main")
  }

  /// The message a config fails with, or nil (recorded as an issue).
  func failure(_ yaml: String) -> String? {
    do {
      _ = try read(yaml)
      Issue.record("expected an error")
    } catch {
      return "\(error)"
    }
    return nil
  }

  @Test func readsEnvRuntimeEnvAndTheActionsEntrypoint() throws {
    let config = try read(
      """
      name: Demo
      env:
        PLAIN: text
        COUNT: 3
        RATE: 0.5
        ON: yes
        NOTHING:
      runtime_env:
        env_vars: {A: "1"}
        py_modules: [gcs://x.zip]
        pip: [six]
      actions:
        main:
          entrypoint: plugin.main.run
        other:
          entrypoint: plugin.other.run

      """)
    #expect(config.env.map { "\($0.key)=\($0.value)" } == ["PLAIN=text", "COUNT=3", "RATE=0.5", "ON=true", "NOTHING="])
    #expect(config.runtimeEnv.map(\.key) == ["env_vars", "py_modules", "pip"])
    #expect(config.runtimeEnv.first?.value == .mapping([("A", .string("1"))]))
    #expect(config.entrypoint == "plugin.main.run")
  }

  /// Upstream's workers split the entrypoint on its last dot: the job gets the dot form,
  /// from a mapping or a legacy string alike.
  @Test(arguments: [
    "actions:\n  main:\n    entrypoint: plugin.main:run\n", "actions:\n  main: plugin.main:run\n",
    "actions:\n  main: 'plugin.main.run'\n",
  ])
  func theEntrypointIsInDotForm(actions: String) throws {
    #expect(try read("name: Demo\n" + actions).entrypoint == "plugin.main.run")
  }

  @Test func nothingSaidIsEmpty() throws {
    #expect(try read("name: Demo\nenv:\nruntime_env: ~\n") == RayJobConfig())
    #expect(try read("") == RayJobConfig())
  }

  @Test func wrongTypesNameTheFileLineAndColumn() {
    #expect(failure("name: x\nenv: [A, B]\n")?.contains("config.yaml:2:6: env: must be a mapping") == true)
    #expect(failure("env:\n  A: [1, 2]\n")?.contains("config.yaml:2:6: env: A must be a single value") == true)
    #expect(failure("runtime_env: pip\n")?.contains("config.yaml:1:14: runtime_env: must be a mapping") == true)
    #expect(
      failure("runtime_env:\n  env_vars: [A=1]\n")?.contains(
        "config.yaml:2:13: runtime_env.env_vars: must be a mapping")
        == true)
    #expect(
      failure("runtime_env:\n  env_vars:\n    A: {b: 1}\n")?.contains(
        "config.yaml:3:8: runtime_env.env_vars: A must be a single value") == true)
    #expect(
      failure("runtime_env:\n  py_modules: gcs://x.zip\n")?.contains(
        "config.yaml:2:15: runtime_env.py_modules: must be a list") == true)
  }
}
