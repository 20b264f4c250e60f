// The fake Julia's program. The tests copy Wine's cscript.exe (a real Windows console program)
// to julia.exe and pass this file as its first argument, as one would pass a .jl file to Julia:
// the launcher runs `julia.exe fake-julia.js ARGS...`. It prints each argument and the variables
// the launcher sets, non-ASCII as \uXXXX so the output is the same in every code page, and exits
// with FAKE_JULIA_EXIT (default 0).
var shell = new ActiveXObject("WScript.Shell");
function env(name) {
  // Wine 8 leaves the terminating NUL on the value: drop it.
  var value = shell.ExpandEnvironmentStrings("%" + name + "%").replace(/\u0000+$/, "");
  return value == "%" + name + "%" ? "(unset)" : value;
}
function ascii(text) {
  var out = "";
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    out += c < 32 || c > 126 ? "\\u" + ("000" + c.toString(16)).slice(-4) : text.charAt(i);
  }
  return out;
}
var lines = ["fake-julia"];
for (var i = 0; i < WScript.Arguments.length; i++) {
  lines.push("arg=" + ascii(WScript.Arguments(i)));
}
var names = ["JULIA_DEPOT_PATH", "JULIA_LOAD_PATH", "JULIA_PKG_OFFLINE", "JULIA_PROJECT",
             "JULIA_CPU_TARGET", "SIEGE_LAUNCHER_DEPTH"];
for (var j = 0; j < names.length; j++) {
  lines.push(names[j] + "=" + ascii(env(names[j])));
}
WScript.Echo(lines.join("\n"));
var code = env("FAKE_JULIA_EXIT");
WScript.Quit(code == "(unset)" ? 0 : parseInt(code, 10));
