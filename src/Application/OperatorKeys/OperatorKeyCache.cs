using Faultline.Application.Access;
using Faultline.Application.Common;

namespace Faultline.Application.OperatorKeys;

/// <summary>Operator key hash → who the key is.</summary>
public sealed class OperatorKeyCache : KeyCheckCache<Caller>;
