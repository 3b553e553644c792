@echo off
rem Opens a console in this folder with ledger.exe on the PATH.
rem Kept to ASCII: cmd.exe reads a .cmd file in the console's code page.
cd /d "%~dp0"
set "PATH=%~dp0;%PATH%"
ledger --version
echo ledger --help
cmd /k
