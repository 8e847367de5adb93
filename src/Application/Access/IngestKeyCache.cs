using Faultline.Application.Common;

namespace Faultline.Application.Access;

/// <summary>Ingest key hash → who the key is (its id, app and own rate limit).</summary>
public sealed class IngestKeyCache : KeyCheckCache<Caller>;
