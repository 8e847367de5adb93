using System.Security.Cryptography;
using System.Text;
using Faultline.Application.Users;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Faultline.Infrastructure.Users;

/// <summary>HMAC-SHA256 of email and code under a secret derived from the signing key.</summary>
internal sealed class SignInCodeHasher(JwtUserTokens tokens) : ISignInCodeHasher
{
    private byte[]? _secret;

    public byte[] Hash(string email, string code)
    {
        _secret ??= tokens.DeriveSecret("faultline:sign-in-code");
        return HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(email.ToLowerInvariant() + "\n" + code));
    }
}

/// <summary>Faultline:Smtp — the mail server that sends sign-in codes.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Faultline:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Faultline <faultline@localhost>";

    /// <summary>auto (STARTTLS when offered), none, starttls or ssl.</summary>
    public string Security { get; set; } = "auto";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Sends the code by SMTP (MailKit), one connection per message.</summary>
internal sealed class SmtpSignInCodeSender(SmtpOptions options, ILogger<SmtpSignInCodeSender> logger) : ISignInCodeSender
{
    public async Task SendAsync(string email, string code, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(email));
        message.Subject = $"Your Faultline sign-in code: {code}";
        message.Body = new TextPart("plain")
        {
            Text = $"Your sign-in code is {code}.\n\nIt works once, within 10 minutes. If you did not ask for it, ignore this message.\n",
        };

        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host!, options.Port, Security(options.Security), cancellationToken);
        if (!string.IsNullOrEmpty(options.Username))
        {
            await client.AuthenticateAsync(options.Username, options.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("Sent a sign-in code by email to {Email}", email);
    }

    private static SecureSocketOptions Security(string value) => value.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

/// <summary>
/// Without a mail server (development), the code goes to the log in one clearly marked line, as the Event
/// Processor API did; configure Faultline:Smtp:Host in production.
/// </summary>
internal sealed class LogSignInCodeSender(ILogger<LogSignInCodeSender> logger) : ISignInCodeSender
{
    public Task SendAsync(string email, string code, CancellationToken cancellationToken)
    {
        logger.LogWarning("SIGN-IN CODE (development: Faultline:Smtp:Host is not set, so it is logged instead of emailed) for {Email}: {Code}", email, code);
        return Task.CompletedTask;
    }
}
