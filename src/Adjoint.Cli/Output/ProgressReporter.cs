using System.Diagnostics;
using System.Globalization;
using Adjoint.Optimize;

namespace Adjoint.Cli.Output;

/// <summary>
/// Iteration progress on stderr: a live line (iteration, f, |g|) redrawn at most ten times a second when stderr is a
/// terminal; one plain line per iteration when asked for with --progress; nothing otherwise.
/// </summary>
public sealed class ProgressReporter : IProgress<IterationInfo>
{
    private readonly TextWriter _error;
    private readonly bool _live;
    private readonly bool _plain;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = long.MinValue;
    private int _width;

    /// <summary>Creates the reporter.</summary>
    /// <param name="context">Where to write and whether stderr is a terminal.</param>
    /// <param name="plain">Whether to write one plain line per iteration (--progress) instead of the live line.</param>
    public ProgressReporter(CliContext context, bool plain)
    {
        ArgumentNullException.ThrowIfNull(context);
        _error = context.Error;
        _plain = plain;
        _live = !plain && context.ErrorIsTerminal;
    }

    /// <summary>Whether the reporter writes anything.</summary>
    public bool IsActive => _live || _plain;

    /// <summary>Receives one iteration.</summary>
    /// <param name="value">The iteration.</param>
    public void Report(IterationInfo value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"iter {value.Iteration,6}   f = {value.Fun,-14:G8}   |g| = {value.GradientNorm,-11:G4}   nfev {value.FunctionEvaluations}");
        if (_plain)
        {
            _error.WriteLine(line);
            return;
        }

        if (!_live)
        {
            return;
        }

        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 100)
        {
            return;
        }

        _lastDraw = now;
        _width = Math.Max(_width, line.Length);
        _error.Write("\r" + line.PadRight(_width));
        _error.Flush();
    }

    /// <summary>Erases the live line (call when the run ends).</summary>
    public void Finish()
    {
        if (_live && _width > 0)
        {
            _error.Write("\r" + new string(' ', _width) + "\r");
            _error.Flush();
        }
    }
}
