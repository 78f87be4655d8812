/// Recognises CI builds of pull (merge) requests: code nobody has reviewed yet, which may
/// read the shared remote cache but must not write to it, or one pull request could plant
/// results that every later build (the main branch's release included) would trust.
///
/// Only when the environment says it is CI (`CI`, or Azure's `TF_BUILD`, or Jenkins'
/// `JENKINS_URL`), so a stray variable in a developer's shell changes nothing.
public enum PullRequestBuild {
  /// Why this is a pull-request build (`GitHub Actions pull_request event
  /// (GITHUB_EVENT_NAME)`), or nil when it is not one.
  public static func detect(_ environment: (String) -> String?) -> String? {
    func value(_ name: String) -> String? {
      guard let v = environment(name), !v.isEmpty else { return nil }
      return v
    }
    let ci = value("CI").map { !["false", "0", "no"].contains($0.lowercased()) } ?? false
    guard ci || value("TF_BUILD") != nil || value("JENKINS_URL") != nil else { return nil }
    if let event = value("GITHUB_EVENT_NAME"), event.hasPrefix("pull_request") {
      return "GitHub Actions \(event) event (GITHUB_EVENT_NAME)"
    }
    if value("CI_MERGE_REQUEST_IID") != nil { return "GitLab merge request pipeline (CI_MERGE_REQUEST_IID)" }
    if value("CI_EXTERNAL_PULL_REQUEST_IID") != nil {
      return "GitLab external pull request pipeline (CI_EXTERNAL_PULL_REQUEST_IID)"
    }
    if value("BITBUCKET_PR_ID") != nil { return "Bitbucket Pipelines pull request (BITBUCKET_PR_ID)" }
    if let pr = value("BUILDKITE_PULL_REQUEST"), pr != "false" {
      return "Buildkite pull request (BUILDKITE_PULL_REQUEST)"
    }
    if let pr = value("TRAVIS_PULL_REQUEST"), pr != "false" { return "Travis CI pull request (TRAVIS_PULL_REQUEST)" }
    if value("CIRCLE_PULL_REQUEST") != nil { return "CircleCI pull request (CIRCLE_PULL_REQUEST)" }
    if value("BUILD_REASON") == "PullRequest" { return "Azure Pipelines pull request (BUILD_REASON)" }
    if value("CHANGE_ID") != nil, value("JENKINS_URL") != nil { return "Jenkins change request (CHANGE_ID)" }
    if value("CI_PIPELINE_EVENT") == "pull_request" { return "Woodpecker pull request (CI_PIPELINE_EVENT)" }
    if value("DRONE_BUILD_EVENT") == "pull_request" { return "Drone pull request (DRONE_BUILD_EVENT)" }
    return nil
  }
}
