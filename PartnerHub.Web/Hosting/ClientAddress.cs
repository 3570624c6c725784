namespace PartnerHub.Web.Hosting;

/// <summary>
/// The client's IP address as seen by the HTTP request that opened the page (after forwarded headers), for the
/// circuit that request starts. Inside a circuit there is no reliable <c>HttpContext</c>, so <c>App.razor</c> reads
/// the address during that request and hands it to <c>Routes</c> as a root-component parameter (which the framework
/// protects against tampering), and <c>Routes</c> stores it here, in the circuit's scope.
/// </summary>
public sealed class ClientAddress
{
    public string? Value { get; set; }
}
