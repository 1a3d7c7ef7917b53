namespace Adjoint.Models;

/// <summary>The running state of <see cref="EarlyStopping"/>, step for step as Keras' callback.</summary>
internal sealed class EarlyStoppingState(EarlyStopping settings)
{
    private double _best = double.PositiveInfinity;
    private int _wait;

    public bool MonitorsLoss => settings.Monitor == EarlyStoppingMonitor.Loss;

    public double[]? BestWeights { get; private set; }

    public int? BestEpoch { get; private set; }

    public int? StoppedEpoch { get; private set; }

    /// <summary>Updates the state after an epoch; true when training should stop.</summary>
    public bool Update(int epoch, double value, double[] weights)
    {
        if (double.IsNaN(value) || epoch < settings.StartFromEpoch)
        {
            return false;
        }

        if (settings.RestoreBestWeights && BestWeights is null)
        {
            BestWeights = (double[])weights.Clone();
        }

        _wait++;
        if (value + settings.MinDelta < _best)
        {
            _best = value;
            BestEpoch = epoch;
            if (settings.RestoreBestWeights)
            {
                BestWeights = (double[])weights.Clone();
            }

            if (settings.Baseline is not { } baseline || value + settings.MinDelta < baseline)
            {
                _wait = 0;
            }

            return false;
        }

        if (_wait >= settings.Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            return true;
        }

        return false;
    }
}
