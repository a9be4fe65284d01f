# Sourced by server.sh and province.sh: writes the wrk scripts of the enterprise-by-code route.
#   write_lookup_scripts WORK TOKEN DB COLD_LIMIT
# WORK/pick.lua asks for random codes among 20,000 of the latest run (seeded, so a second pass
# hits cached explanations); WORK/cold.lua walks COLD_LIMIT codes in random order (each of
# wrk's two threads from its own half), so every lookup is a different enterprise.
write_lookup_scripts() {
    local work=$1 token=$2 db=$3 cold_limit=$4 run
    run=$(sqlite3 "$db" "SELECT MAX(id) FROM classification_run")
    sqlite3 "$db" "SELECT uscc FROM classification WHERE run_id = $run ORDER BY random() LIMIT 20000" >"$work/codes.txt"
    sqlite3 "$db" "SELECT uscc FROM classification WHERE run_id = $run ORDER BY random() LIMIT $cold_limit" >"$work/cold.txt"
    cat >"$work/pick.lua" <<LUA
local codes = {}
for line in io.lines("$work/codes.txt") do codes[#codes + 1] = line end
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/enterprises/" .. codes[math.random(#codes)], { ["Authorization"] = "Bearer $token" })
end
LUA
    cat >"$work/cold.lua" <<LUA
local threads = 0
local codes = {}
for line in io.lines("$work/cold.txt") do codes[#codes + 1] = line end
function setup(thread) thread:set("offset", threads * math.floor(#codes / 2)); threads = threads + 1 end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/enterprises/" .. codes[((offset + i) % #codes) + 1], { ["Authorization"] = "Bearer $token" })
end
LUA
}
