using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Identity;

/// <summary>
/// The password rules (ASVS 2.1): at least <see cref="MinimumLength"/> characters, no composition rules (no required
/// digit, case or symbol), and not a common or breached password, nor the account's own email or user name.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;

    /// <summary>Applies the length rule and switches the composition rules off; adds <see cref="CommonPasswordValidator"/>.</summary>
    public static IdentityBuilder AddPasswordPolicy(this IdentityBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<IdentityOptions>(o => Apply(o.Password));
        return builder.AddPasswordValidator<CommonPasswordValidator>();
    }

    public static void Apply(PasswordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RequiredLength = MinimumLength;
        options.RequireDigit = false;
        options.RequireLowercase = false;
        options.RequireUppercase = false;
        options.RequireNonAlphanumeric = false;
        options.RequiredUniqueChars = 1;
    }
}

/// <summary>
/// Refuses a password found in the list of common and breached passwords shipped with the app (an embedded resource,
/// compared case-insensitively), or equal to the account's email or user name.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<ApplicationUser>
{
    public const string ResourceName = "PartnerHub.Domain.Identity.common-passwords.txt";

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    /// <summary>How many passwords the shipped list holds.</summary>
    public static int Count => Common.Value.Count;

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success);
        if (IsCommon(password))
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordCommon",
                Description = "This password is too common: it appears in lists of breached passwords. Choose another.",
            }));
        var trimmed = password.Trim();
        if (string.Equals(trimmed, user.Email, StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, user.UserName, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordIsUserName",
                Description = "The password cannot be your email address or user name.",
            }));
        return Task.FromResult(IdentityResult.Success);
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded list {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim());
        return set;
    }
}
