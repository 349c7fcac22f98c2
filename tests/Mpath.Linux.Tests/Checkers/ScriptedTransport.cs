using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Checkers;

/// <summary>An <see cref="IScsiTransport"/> answering from a script; remembers the commands it got.</summary>
public sealed class ScriptedTransport(Func<string, ScsiCommand, ScsiResult> answer) : IScsiTransport
{
    /// <summary>The same answers whatever the device.</summary>
    public ScriptedTransport(Func<ScsiCommand, ScsiResult> answer) : this((_, command) => answer(command))
    {
    }

    public List<ScsiCommand> Commands { get; } = [];
    public List<string> Devices { get; } = [];

    public ScsiResult Execute(string devicePath, ScsiCommand command)
    {
        Commands.Add(command);
        Devices.Add(devicePath);
        return answer(devicePath, command);
    }

    public static ScsiResult Good { get; } = new(0, 0, 0, [], []);

    public static ScsiResult Data(byte[] data) => new(0, 0, 0, [], data);

    public static ScsiResult CheckCondition(byte key, byte asc, byte ascq)
    {
        var sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = key;
        sense[7] = 10;
        sense[12] = asc;
        sense[13] = ascq;
        return new ScsiResult(0x02, 0, 0, sense, []);
    }
}
