"""tests/serving.py: what the suite's servers (server.py, socks5.py,
greader.py, miniflux.py) share.

serve(srv, port_file): write the port srv listens on to port_file, whole
(written aside, then renamed, so that a test waiting for the file never
reads half a number), then serve until killed.
"""
import os


def serve(srv, port_file):
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0
