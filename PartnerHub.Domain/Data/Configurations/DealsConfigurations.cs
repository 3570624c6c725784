using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Data.Configurations;

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> e)
    {
        e.Property(d => d.Name).HasMaxLength(120);
        e.Property(d => d.Version).IsConcurrencyToken();
        e.HasIndex(d => d.PartnerId);
        e.HasIndex(d => d.ParentDealId);
        e.HasOne<Partner>().WithMany().HasForeignKey(d => d.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(d => d.ParentDeal).WithMany().HasForeignKey(d => d.ParentDealId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(d => d.Versions).WithOne(v => v.Deal).HasForeignKey(v => v.DealId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(d => d.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Ignore(d => d.Current);
    }
}

internal sealed class DealVersionConfiguration : IEntityTypeConfiguration<DealVersion>
{
    public void Configure(EntityTypeBuilder<DealVersion> e)
    {
        e.HasIndex(v => new { v.DealId, v.Number }).IsUnique();
        e.Property(v => v.Currency).HasMaxLength(3);
        e.Property(v => v.Notes).HasMaxLength(2000);
        e.Property(v => v.CpaAmount).HasPrecision(18, 2);
        e.Ignore(v => v.Terms);
        e.Ignore(v => v.IsSuperseded);
        e.HasMany(v => v.LotRates).WithOne().HasForeignKey(r => r.DealVersionId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(v => v.LotRates).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DealLotRateConfiguration : IEntityTypeConfiguration<DealLotRate>
{
    public void Configure(EntityTypeBuilder<DealLotRate> e) =>
        e.HasIndex(r => new { r.DealVersionId, r.InstrumentClass }).IsUnique();
}

internal sealed class DealTermsProposalConfiguration : IEntityTypeConfiguration<DealTermsProposal>
{
    public void Configure(EntityTypeBuilder<DealTermsProposal> e)
    {
        e.ToTable("DealTermsProposals");
        // Two answers racing (accept and withdraw, accept twice) cannot both commit.
        e.Property(p => p.State).IsConcurrencyToken();
        e.Property(p => p.Summary).HasMaxLength(DealTermsProposal.MaxSummaryLength);
        e.Property(p => p.ShortNoticeReason).HasMaxLength(DealTermsProposal.MaxReasonLength);
        e.Property(p => p.DeclineReason).HasMaxLength(DealTermsProposal.MaxReasonLength);
        e.Property(p => p.Currency).HasMaxLength(3);
        e.Property(p => p.Notes).HasMaxLength(2000);
        e.Property(p => p.CpaAmount).HasPrecision(18, 2);
        e.Property(p => p.Digest).HasMaxLength(64);
        e.Property(p => p.AnsweredByName).HasMaxLength(200);
        e.Property(p => p.AnsweredFromIp).HasMaxLength(64);
        e.Property(p => p.LotRates).HasJsonConversion();
        e.Ignore(p => p.Terms);
        e.Ignore(p => p.IsAwaitingPartner);
        e.HasIndex(p => new { p.DealId, p.State });
        e.HasIndex(p => new { p.PartnerId, p.State });
        e.HasIndex(p => new { p.State, p.Deadline });
        e.HasIndex(p => p.ParentProposalId);
        e.HasOne<Deal>().WithMany().HasForeignKey(p => p.DealId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DealVersion>().WithMany().HasForeignKey(p => p.BaseVersionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(p => p.ResultingVersion).WithMany().HasForeignKey(p => p.ResultingVersionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DealTermsProposal>().WithMany().HasForeignKey(p => p.ParentProposalId).OnDelete(DeleteBehavior.Restrict);
    }
}
