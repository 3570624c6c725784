using System.Reflection;
using Microsoft.AspNetCore.Components;
using NetArchTest.Rules;
using PartnerHub.Domain.Data;

namespace PartnerHub.Tests.Architecture;

/// <summary>
/// The dependency rule of the house plan: components reach data through feature services, the Domain never references the Web
/// project, and the Domain's feature namespaces do not depend on each other in a circle.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Domain = typeof(AppDbContext).Assembly;
    private static readonly Assembly Web = typeof(PartnerHub.Web.Hosting.HostingExtensions).Assembly;

    /// <summary>
    /// Cycles that exist today, edge by edge ("from -> to"), to be cut as the features are untangled. Most run through Partners
    /// (every feature reads the partner; the partner 360 reads every feature) and Notifications (rules watch every feature; every
    /// feature writes notifications). A new cycle, or a new edge inside one of them, fails the test; an edge that no longer exists
    /// fails it too, so this list only shrinks.
    /// </summary>
    private static readonly string[] KnownCycleEdges =
    [
        "Announcements -> Creatives", "Announcements -> Notifications", "Announcements -> Partners", "Announcements -> Segments",
        "Commissions -> Deals", "Commissions -> Partners", "Commissions -> Payouts", "Compliance -> Announcements",
        "Compliance -> Partners", "Creatives -> Announcements", "Creatives -> Notifications", "Creatives -> Partners",
        "Creatives -> Segments", "Deals -> Partners", "Messaging -> Announcements", "Messaging -> Commissions",
        "Messaging -> Compliance", "Messaging -> Creatives", "Messaging -> Deals", "Messaging -> Notifications", "Messaging -> Partners",
        "Messaging -> Payouts", "Notifications -> Commissions", "Notifications -> Compliance", "Notifications -> Creatives",
        "Notifications -> Deals", "Notifications -> Messaging", "Notifications -> Partners", "Notifications -> Payouts",
        "Notifications -> Performance", "Notifications -> Segments", "Partners -> Announcements", "Partners -> Commissions",
        "Partners -> Messaging", "Partners -> Notifications", "Partners -> Payouts", "Partners -> Performance",
        "Payouts -> Announcements", "Payouts -> Commissions", "Payouts -> Partners", "Performance -> Partners",
        "Segments -> Announcements", "Segments -> Creatives", "Segments -> Deals", "Segments -> Notifications",
        "Segments -> Partners", "Segments -> Performance",
    ];

    [Fact]
    public void No_component_references_the_data_layer()
    {
        var result = Types.InAssembly(Web).That().Inherit(typeof(ComponentBase))
            .ShouldNot().HaveDependencyOnAny("PartnerHub.Domain.Data").GetResult();

        Assert.True(result.IsSuccessful, "Components that reference PartnerHub.Domain.Data: "
            + string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }

    [Fact]
    public void The_domain_does_not_reference_the_web_project()
    {
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), a => a.Name == Web.GetName().Name);
        var result = Types.InAssembly(Domain).ShouldNot().HaveDependencyOnAny("PartnerHub.Web").GetResult();
        Assert.True(result.IsSuccessful, "Domain types that reference PartnerHub.Web: "
            + string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }

    [Fact]
    public void Domain_feature_namespaces_form_no_new_cycle()
    {
        var features = FeatureNamespaces();
        var edges = new HashSet<(string From, string To)>();
        foreach (var from in features)
            foreach (var to in features.Where(t => t != from))
            {
                var result = Types.InAssembly(Domain).That().ResideInNamespace($"PartnerHub.Domain.{from}")
                    .ShouldNot().HaveDependencyOnAny($"PartnerHub.Domain.{to}").GetResult();
                if (!result.IsSuccessful) edges.Add((from, to));
            }

        var inCycles = CycleEdges(features, edges).Select(e => $"{e.From} -> {e.To}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(KnownCycleEdges.Order(StringComparer.Ordinal), inCycles);
    }

    /// <summary>The namespaces directly under PartnerHub.Domain that hold a feature (Data, which configures every feature, is not one).</summary>
    private static List<string> FeatureNamespaces() =>
        Domain.GetTypes().Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith("PartnerHub.Domain.", StringComparison.Ordinal))
            .Select(n => n["PartnerHub.Domain.".Length..].Split('.')[0])
            .Where(n => n != "Data")
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The edges whose two ends are in the same strongly connected component (Tarjan's algorithm): the edges of cycles.</summary>
    private static IEnumerable<(string From, string To)> CycleEdges(List<string> nodes, HashSet<(string From, string To)> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var component = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var next = 0;
        var components = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var (_, w) in edges.Where(e => e.From == v))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component[x] = components;
            } while (x != v);
            components++;
        }

        foreach (var n in nodes.Where(n => !index.ContainsKey(n))) Visit(n);
        return edges.Where(e => component[e.From] == component[e.To]);
    }
}
