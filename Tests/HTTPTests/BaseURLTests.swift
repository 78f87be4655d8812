import HTTP
import Testing

@Suite struct BaseURLTests {
  @Test func pathsJoinBeforeTheQuery() {
    let api = BaseURL("http://h/api?tenant=acme")
    #expect(api.appending("plugin_releases/") == "http://h/api/plugin_releases/?tenant=acme")
    #expect(BaseURL("http://h/cache/?sig=abc").appending("ac/00ff") == "http://h/cache/ac/00ff?sig=abc")
    #expect(BaseURL("http://h?sig=abc#frag").appending("/cas/1") == "http://h/cas/1?sig=abc")
    #expect(BaseURL("https://h:8443/").appending("jobs/7/") == "https://h:8443/jobs/7/")
    // A query of the path's own comes first, then the base URL's.
    #expect(api.appending("jobs/?page=2") == "http://h/api/jobs/?page=2&tenant=acme")
  }

  @Test func whatIsShownHasNoCredentialsQueryOrFragment() {
    let url = BaseURL("https://ci:s3cret@h.example:9090/ns/?token=t0ken&sig=x#f")
    #expect(url.redacted == "https://h.example:9090/ns")
    #expect(url.secrets.contains("ci:s3cret") && url.secrets.contains("s3cret"))
    #expect(url.secrets.contains("t0ken") && url.secrets.contains("x"))
    #expect(BaseURL.redacted("http://h/p@q") == "http://h/p@q")
    #expect(BaseURL.redacted("http://u@h?x=1") == "http://h")
    #expect(BaseURL.redacted("not a url") == "<URL>")
  }
}
