namespace Faultline.Api.Errors;

/// <summary>
/// How one HTTP surface answers a failure: its field spelling and its envelope. The canonical API's is
/// <see cref="CanonicalErrorWriter"/>; a surface with other conventions puts its own writer in its
/// endpoints' metadata (for example as an attribute on its controllers), and <see cref="ErrorResponses"/>
/// picks it for every error on those endpoints.
/// </summary>
public interface IErrorWriter
{
    /// <summary>Writes the body (status already set) and its content type.</summary>
    Task WriteAsync(HttpContext context, ApiError error);
}
