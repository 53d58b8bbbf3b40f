#!/usr/bin/env bash
# smoke-server.sh BINARY OUT_PNG [extra app args...]
#
# The real window under Xvfb on a PostgreSQL database (issue 21): installs
# Debian's postgresql when missing, starts a throwaway server in a temporary
# folder (as the postgres account: PostgreSQL refuses root), creates a
# database owned by an editing role, fills it with the demo district
# (pilotdesk demo --db postgres://...), then runs scripts/smoke-linux.sh
# with that URL as the database. Its last line is smoke-linux's summary.
set -euo pipefail
prog=smoke-server
[[ $# -ge 2 ]] || { echo "usage: $0 BINARY OUT_PNG [extra app args...]" >&2; exit 2; }
bin=$(realpath "$1") out_png=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo -n"
	echo "$prog: installing postgresql"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql >/dev/null
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

dir=$(mktemp -d /tmp/pilotdesk-smoke-server.XXXXXX)
as=()
if [[ $(id -u) -eq 0 ]]; then
	chown postgres "$dir"
	as=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
	set +e
	(cd "$dir" && "${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1)
	rm -rf "$dir"
}
trap cleanup EXIT
cd "$dir"
"${as[@]}" "$pgbin/initdb" -D "$dir/data" -U admin --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
"$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U admin -d postgres -v ON_ERROR_STOP=1 \
	-c "CREATE ROLE pilotdesk_editor LOGIN" -c "CREATE DATABASE pilotdesk OWNER pilotdesk_editor"
url="postgres://pilotdesk_editor@127.0.0.1:$port/pilotdesk?sslmode=disable"
echo "$prog: server on port $port; demo district into $url"
"$bin" demo --db "$url" --activities 300 >/dev/null
cd - >/dev/null
SMOKE_DB="$url" bash "$here/smoke-linux.sh" "$bin" "$out_png" "$@"
