using System.Buffers.Binary;
using Mpath.Core.Model;

namespace Mpath.Linux.Scsi;

/// <summary>One target port group descriptor of a REPORT TARGET PORT GROUPS response.</summary>
public sealed record TargetPortGroupDescriptor(
    int Id,
    AluaAccessState State,
    bool Preferred,
    byte SupportedStates,
    byte StatusCode,
    IReadOnlyList<int> RelativePorts)
{
    /// <summary>"changed by explicit STPG" (1) / "changed by implicit transition" (2) status codes.</summary>
    public string StatusText => StatusCode switch
    {
        0 => "no status",
        1 => "altered by set target port groups",
        2 => "altered by implicit asymmetric access state transition",
        _ => $"status code 0x{StatusCode:x2}",
    };
}

/// <summary>Parses REPORT TARGET PORT GROUPS data (length-only and extended header formats).</summary>
public static class TargetPortGroups
{
    /// <summary>The descriptors in the response; a truncated trailing descriptor is dropped.</summary>
    public static IReadOnlyList<TargetPortGroupDescriptor> Parse(ReadOnlySpan<byte> data)
    {
        var result = new List<TargetPortGroupDescriptor>();
        if (data.Length < 4)
        {
            return result;
        }
        var end = (int)Math.Min(4L + BinaryPrimitives.ReadUInt32BigEndian(data), data.Length);
        // Format type 001b in byte 4 means an 8-byte extended header (implicit transition time in byte 5).
        var offset = data.Length > 4 && ((data[4] >> 4) & 0x7) == 1 ? 8 : 4;
        while (offset + 8 <= end)
        {
            var portCount = data[offset + 7];
            if (offset + 8 + (4 * portCount) > end)
            {
                break;
            }
            var ports = new List<int>(portCount);
            for (var p = 0; p < portCount; p++)
            {
                ports.Add(BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 8 + (4 * p) + 2)..]));
            }
            result.Add(new TargetPortGroupDescriptor(
                BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]),
                (AluaAccessState)(data[offset] & 0x0f),
                (data[offset] & 0x80) != 0,
                data[offset + 1],
                data[offset + 5],
                ports));
            offset += 8 + (4 * portCount);
        }
        return result;
    }

    /// <summary>The state of the group a path belongs to: by its TPG id from VPD 0x83, else by its relative port.</summary>
    public static AluaInfo? ForPath(IReadOnlyList<TargetPortGroupDescriptor> groups, int? targetPortGroup, int? relativePort)
    {
        TargetPortGroupDescriptor? match = null;
        if (targetPortGroup is { } id)
        {
            match = groups.FirstOrDefault(g => g.Id == id);
        }
        if (match is null && relativePort is { } port)
        {
            match = groups.FirstOrDefault(g => g.RelativePorts.Contains(port));
        }
        return match is null ? null : new AluaInfo(match.Id, match.State, match.Preferred);
    }

    /// <summary>Parses a state as sg_stpg abbreviates it (ao, an, sb, un, o) or as <see cref="StateName"/> spells it.</summary>
    public static bool TryParseState(string text, out AluaAccessState state)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "ao" or "active/optimized": state = AluaAccessState.ActiveOptimized; return true;
            case "an" or "active/non-optimized": state = AluaAccessState.ActiveNonOptimized; return true;
            case "sb" or "standby": state = AluaAccessState.Standby; return true;
            case "un" or "unavailable": state = AluaAccessState.Unavailable; return true;
            case "o" or "offline": state = AluaAccessState.Offline; return true;
            default: state = default; return false;
        }
    }

    /// <summary>The short state names sg_rtpg and multipath-tools use in messages.</summary>
    public static string StateName(AluaAccessState state) => state switch
    {
        AluaAccessState.ActiveOptimized => "active/optimized",
        AluaAccessState.ActiveNonOptimized => "active/non-optimized",
        AluaAccessState.Standby => "standby",
        AluaAccessState.Unavailable => "unavailable",
        AluaAccessState.LbaDependent => "lba dependent",
        AluaAccessState.Offline => "offline",
        AluaAccessState.Transitioning => "transitioning",
        _ => $"state 0x{(int)state:x}",
    };
}
