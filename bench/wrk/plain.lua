-- The same request every time (wrk's own, static); only the shared report.
dofile(debug.getinfo(1, 'S').source:match('^@(.*/)') .. 'report.lua')
