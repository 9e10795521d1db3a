@echo off
rem The gateway's command line for administrators (run from an elevated prompt):
rem   modality-link-gateway check | trust list | trust add NAME KEY --id ID | worklist backup-reset FILE | version
rem The config defaults to %ProgramData%\Modality Link Gateway\gateway.yaml.
setlocal
if not defined MODALITY_LINK_GATEWAY_CONFIG set "MODALITY_LINK_GATEWAY_CONFIG=%ProgramData%\Modality Link Gateway\gateway.yaml"
"%~dp0node.exe" --max-semi-space-size=1 "%~dp0bin\modality-link-gateway.js" %*
