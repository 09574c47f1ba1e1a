# Sourced by tests/run_tests.sh and examples/demo/demo.sh: installs the
# Debian packages named in $V6T_PACKAGES that are not installed yet (with
# sudo when not root). Does nothing when all are present.
v6t_install_missing() {
	missing=""
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $pkg"
	done
	[ -z "$missing" ] && return 0
	echo "installing:$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
}
