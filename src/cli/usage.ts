// Help text and the usage error (exit code 2) shared by every command.

export const USAGE = `recordings — call recordings for the innovaphone PBX

usage:
  recordings decode <in.pcap|in.pcapng> -o <out.wav> [--mono | --channel left|right] [--swap]
  recordings info <in.pcap|in.pcapng> [--json]
  recordings serve [--port N]       run the service (configuration: README, environment)
  recordings pbx-sim [--url ws://host:port/<domain>/<instance>] [--pbx NAME] [--appobj NAME]
                     [--licensed alice,bob|*] [--cdr calls.xml]
                                    connect to a running service as the PBX's App object
  recordings --help

decode   writes the call as a WAV file: stereo, left = remote party, right = local user,
         at the highest codec rate of the call; -o - writes to standard output.
         --mono mixes both sides, --channel keeps one, --swap exchanges the sides.
info     lists streams, codecs, statistics, DTMF and warnings (--json: machine-readable).

exit codes: 0 done, 1 the capture could not be decoded (code and reason printed), 2 usage error.
`;

export class UsageError extends Error {
  override name = 'UsageError';
}
