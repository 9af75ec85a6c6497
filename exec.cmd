@rem Lets the "exec node ..." npm scripts run under cmd.exe too (npm uses cmd on Windows, sh elsewhere):
@rem sh replaces itself with node so npm's SIGTERM/SIGINT reach the host; cmd has no exec, this runs the rest.
@%*
