#Requires -RunAsAdministrator
<#
.SYNOPSIS
  Removes the Modality Link gateway service and program files. Config, keys and data are kept unless -Purge.
#>
param(
  [string]$InstallDir = (Join-Path $env:ProgramFiles 'Modality Link Gateway'),
  [string]$DataRoot = (Join-Path $env:ProgramData 'Modality Link Gateway'),
  [switch]$Purge
)
$ErrorActionPreference = 'Stop'
$Id = 'modality-link-gateway'

$service = Get-Service -Name $Id -ErrorAction SilentlyContinue
if ($service) {
  if ($service.Status -ne 'Stopped') {
    Stop-Service -Name $Id
    $service.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(45))
  }
  $wrapper = Join-Path $InstallDir "$Id-service.exe"
  if (Test-Path $wrapper) { & $wrapper uninstall | Out-Null } else { sc.exe delete $Id | Out-Null }
  if ($LASTEXITCODE -ne 0) { throw "Removing the service failed ($LASTEXITCODE)" }
}
foreach ($dir in $InstallDir, "$InstallDir.previous") { if (Test-Path $dir) { Remove-Item -Recurse -Force $dir } }
if ($Purge) {
  if (Test-Path $DataRoot) { Remove-Item -Recurse -Force $DataRoot }
  Write-Host "Removed the gateway, its config, keys, data and logs."
} else {
  Write-Host "Removed the gateway. Config, keys and data are kept in $DataRoot (uninstall.ps1 -Purge deletes them)."
}
