"""The desktop app's start-up: `startup` (before Qt) hands what it opened to `app` (the
shell), which runs `startup_check` (the integrity check) once the first rows are painted."""
