using System.Security.Cryptography;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Users;

/// <summary>
/// The password a new operator is given once: 20 random characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), in four dash-separated groups so it can be read out, about 114 bits of entropy. It always
/// holds an upper- and a lower-case letter, a digit and a symbol, so any composition rule accepts it.
/// </summary>
public static class OneTimePassword
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Alphabet = Upper + Lower + Digits;

    public static string Generate()
    {
        while (true)
        {
            var groups = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(Alphabet, 5));
            var password = string.Join('-', groups);
            if (password.Any(Upper.Contains) && password.Any(Lower.Contains) && password.Any(Digits.Contains))
                return password;
        }
    }
}
