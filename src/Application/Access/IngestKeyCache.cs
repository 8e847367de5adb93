using Faultline.Application.Common;

namespace Faultline.Application.Access;

/// <summary>Ingest key hash → the app it belongs to.</summary>
public sealed class IngestKeyCache : KeyCheckCache<long>;
