using Faultline.Domain.Common;
using Faultline.Domain.Events;

namespace Faultline.UnitTests.Domain;

public sealed class HttpRequestFieldsTests
{
    [TestCase("/users/", "/users")]
    [TestCase("/users//", "/users")]
    [TestCase("/", "/")]
    [TestCase("//", "/")]
    [TestCase("/a/b", "/a/b")]
    public void A_trailing_slash_is_dropped_from_a_path(string path, string expected) =>
        Assert.That(HttpRequestFields.Path(path, "UrlPath"), Is.EqualTo(expected));

    [TestCase("users")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("/a\nb")]
    public void A_path_must_start_with_a_slash(string? path) =>
        Assert.That(() => HttpRequestFields.Path(path, "UrlPath"), Throws.TypeOf<DomainValidationException>());

    [TestCase(299)]
    [TestCase(99)]
    [TestCase(600)]
    [TestCase(309)]
    [TestCase(null)]
    public void A_status_HTTP_does_not_define_is_refused(int? status) =>
        Assert.That(() => HttpRequestFields.Status(status, "ResponseStatusCode"), Throws.TypeOf<DomainValidationException>());

    [TestCase(200)]
    [TestCase(418)]
    [TestCase(511)]
    public void Defined_statuses_pass(int status) =>
        Assert.That(HttpRequestFields.Status(status, "ResponseStatusCode"), Is.EqualTo(status));

    [TestCase("get")]
    [TestCase("Get")]
    [TestCase("FETCH")]
    public void Methods_are_upper_case_HTTP_methods(string method) =>
        Assert.That(() => HttpRequestFields.Method(method, "Method"), Throws.TypeOf<DomainValidationException>());

    [TestCase(-0.1)]
    [TestCase(120_000.5)]
    [TestCase(double.NaN)]
    public void Durations_are_0_to_120000_ms(double duration) =>
        Assert.That(() => HttpRequestFields.DurationMs(duration, "ResponseTimeMs"), Throws.TypeOf<DomainValidationException>());
}
