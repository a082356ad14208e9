//! Views served by the `TelemetryApi` runtime API
//! ([`battery_primitives::telemetry::TelemetryApi`]). The runtime implements each API method
//! with the function of the same name here, e.g.
//! `fn health(battery: Vec<u8>) -> ... { pallet_telemetry::Pallet::<Runtime>::health(battery) }`.

use crate::{
	BatteryTelemetryOf, CharacterisationOf, Characterisations, Config, DataSpaces, Disputes,
	HashOf, HealthHistory, HealthRecordOf, LatestHealth, Pallet, PhysicalModelOf, PhysicalModels,
	Telemetry, TwinStates,
};
use alloc::vec::Vec;
use battery_primitives::{
	consortium::{BatteryId, ConsortiumInspect, DataCategory},
	read::{self, ReadError},
	telemetry::{
		AnomalyKind, BatchCommitmentView, BatteryInfo, BmsComponentView, CharacterisationView,
		DataSpaceView, DisputeView, ForecastPoint, HealthView, PhysicalModelView,
		TelemetrySummaryView, TwinView, TELEMETRY_PROTOCOL_VERSION,
	},
};
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::RuntimeAppPublic;

/// A health view as configured for the runtime.
pub type HealthViewOf<T> = HealthView<HashOf<T>, BlockNumberFor<T>>;
/// A twin view as configured for the runtime.
pub type TwinViewOf<T> =
	TwinView<<T as frame_system::Config>::AccountId, HashOf<T>, BlockNumberFor<T>>;
/// A telemetry summary view as configured for the runtime.
pub type TelemetrySummaryViewOf<T> =
	TelemetrySummaryView<<T as frame_system::Config>::AccountId, HashOf<T>, BlockNumberFor<T>>;

/// mJ → mWh (÷ 3600).
fn mwh(mj: u64) -> u64 {
	mj / 3_600
}

/// mA·s → mAh (÷ 3600).
fn mah(mas: u64) -> u64 {
	mas / 3_600
}

impl<T: Config> Pallet<T> {
	/// The battery id of raw bytes, if it is not too long.
	fn battery_id(battery: Vec<u8>) -> Option<BatteryId> {
		BatteryId::try_from(battery).ok()
	}

	/// Scope check of the `*_for` reads: `reader` may read usage data of `battery`, checked in
	/// the order of every scope-checked read ([`battery_primitives::read`]): id length,
	/// registration, scope.
	fn scoped(battery: Vec<u8>, reader: &T::AccountId) -> Result<BatteryId, ReadError> {
		let battery = read::battery_id(battery)?;
		if !T::Batteries::exists(&battery) {
			return Err(ReadError::UnknownBattery);
		}
		if T::Consortium::can_read(reader, &battery, DataCategory::Usage) {
			Ok(battery)
		} else {
			Err(ReadError::NotInScope)
		}
	}

	/// A stored health record as a view.
	pub fn health_view(record: HealthRecordOf<T>) -> HealthViewOf<T> {
		let result = record.result;
		HealthView {
			batch_hash: record.batch_hash,
			sequence: record.sequence,
			last_sample_ms: record.last_sample_ms,
			estimator: record.estimator.to_raw_vec(),
			recorded_at: record.recorded_at,
			soc_ppm: result.soc_ppm,
			soc_sigma_ppm: result.soc_sigma_ppm,
			soh_capacity_ppm: result.soh_capacity_ppm,
			soh_resistance_ppm: result.soh_resistance_ppm,
			capacity_mah: result.capacity_mah,
			capacity_updates: result.capacity_updates,
			efc_milli: result.efc_milli,
			anomaly_flags: result.anomaly_flags,
			anomalies: AnomalyKind::from_flags(result.anomaly_flags),
			anomaly_samples: result.anomaly_samples,
			first_anomaly_s: result.first_anomaly_t_s,
			forecast: result
				.forecast
				.iter()
				.map(|point| ForecastPoint {
					horizon_efc: point.horizon_efc,
					soh_ppm: point.soh_ppm,
				})
				.collect(),
			attestations: record.attestations,
			disputes: record.disputes,
			dispute: None,
		}
	}

	/// The latest health of `battery` with its open dispute, if any.
	pub fn latest_health_view(battery: &BatteryId) -> Option<HealthViewOf<T>> {
		let mut view = LatestHealth::<T>::get(battery).map(Self::health_view)?;
		view.dispute = Self::dispute_view(battery);
		Some(view)
	}

	/// The open dispute over `battery`'s latest result as a view.
	pub fn dispute_view(battery: &BatteryId) -> Option<DisputeView<HashOf<T>, BlockNumberFor<T>>> {
		Disputes::<T>::get(battery).map(|dispute| DisputeView {
			accepted_result: dispute.accepted_result,
			challenger_result: dispute.challenger_result,
			challenger: dispute.challenger.to_raw_vec(),
			challenger_soc_ppm: dispute.challenger_health.soc_ppm,
			challenger_soh_capacity_ppm: dispute.challenger_health.soh_capacity_ppm,
			for_accepted: dispute.for_accepted,
			for_challenger: dispute.for_challenger,
			opened_at: dispute.opened_at,
		})
	}

	/// The stored physical model as a view.
	pub fn physical_model_view(model: PhysicalModelOf<T>) -> PhysicalModelView {
		PhysicalModelView {
			shape: model.shape,
			length_mm: model.length_mm,
			width_mm: model.width_mm,
			height_mm: model.height_mm,
			cell_format: model.cell_format,
			series: model.series,
			parallel: model.parallel,
			bms: model
				.bms
				.into_iter()
				.map(|component| BmsComponentView {
					kind: component.kind,
					part_number: component.part_number.into_inner(),
					count: component.count,
				})
				.collect(),
		}
	}

	/// The stored characterisation as a view.
	pub fn characterisation_view(
		characterisation: CharacterisationOf<T>,
	) -> CharacterisationView<T::AccountId, BlockNumberFor<T>> {
		let config = characterisation.config;
		CharacterisationView {
			rated_capacity_uah: config.rated_capacity_uah,
			nominal_voltage_mv: config.nominal_voltage_mv,
			min_voltage_mv: config.min_voltage_mv,
			max_voltage_mv: config.max_voltage_mv,
			ocv_uv: config.ocv_uv.to_vec(),
			r0_micro_ohm: config.r0_micro_ohm,
			r1_micro_ohm: config.r1_micro_ohm,
			tau1_ms: config.tau1_ms,
			sample_period_ms: config.sample_period_ms,
			chemistry: config.chemistry,
			temp_window_min_decic: characterisation.temp_window_min_decic,
			temp_window_max_decic: characterisation.temp_window_max_decic,
			set_by: characterisation.set_by,
			set_at: characterisation.set_at,
		}
	}

	/// Recent health results of `battery`, newest first.
	pub fn health_history(battery: &BatteryId) -> Vec<HealthViewOf<T>> {
		let results = Telemetry::<T>::get(battery).map_or(0, |t| t.summary.results);
		let slots = u64::from(T::MaxHealthHistory::get().max(1));
		let kept = results.min(slots);
		(1..=kept)
			.filter_map(|back| {
				let n = results.saturating_sub(back);
				let slot = u32::try_from(n.checked_rem(slots)?).ok()?;
				HealthHistory::<T>::get(battery, slot)
			})
			.map(Self::health_view)
			.collect()
	}

	/// Latest health of `battery` (`TelemetryApi::health`); `None` for an unknown or over-long
	/// id or before the first result.
	pub fn health(battery: Vec<u8>) -> Option<HealthViewOf<T>> {
		let battery = Self::battery_id(battery)?;
		Self::latest_health_view(&battery)
	}

	/// The digital twin of `battery` (`TelemetryApi::twin`); `None` if nothing is recorded
	/// for it (no twin record, no telemetry).
	pub fn twin(battery: Vec<u8>) -> Option<TwinViewOf<T>> {
		let id = Self::battery_id(battery)?;
		let physical = PhysicalModels::<T>::get(&id).map(Self::physical_model_view);
		let characterisation = Characterisations::<T>::get(&id);
		let data_space = DataSpaces::<T>::get(&id);
		let twin_state = TwinStates::<T>::get(&id);
		let telemetry = Telemetry::<T>::get(&id);
		if physical.is_none()
			&& characterisation.is_none()
			&& data_space.is_none()
			&& twin_state.is_none()
			&& telemetry.is_none()
		{
			return None;
		}
		let declared_period = characterisation.as_ref().map_or(0, |c| c.config.sample_period_ms);
		let data_space = DataSpaceView {
			protocol_version: data_space.map_or(TELEMETRY_PROTOCOL_VERSION, |d| d.protocol_version),
			sample_period_ms: data_space.map_or(declared_period, |d| d.sample_period_ms),
			estimator_version: twin_state.as_ref().map_or(0, |s| s.estimator_version),
		};
		let (_, state_hash) = Self::current_state(&id);
		Some(TwinView {
			battery: id.to_vec(),
			physical,
			characterisation: characterisation.map(Self::characterisation_view),
			data_space,
			estimator_state_hash: state_hash,
			estimator_samples: twin_state.as_ref().map_or(0, |s| s.state.samples),
			state_updated_at: twin_state.map(|s| s.updated_at),
			latest_health: Self::latest_health_view(&id),
			history: Self::health_history(&id),
			pending_batches: Self::pending_count(&id),
		})
	}

	/// A stored telemetry record as a summary view.
	pub fn summary_view(
		battery: &BatteryId,
		telemetry: BatteryTelemetryOf<T>,
	) -> TelemetrySummaryViewOf<T> {
		let cells = PhysicalModels::<T>::get(battery).map(|model| u64::from(model.cells()));
		let last = telemetry.last_batch;
		let summary = telemetry.summary;
		let discharged = mwh(summary.energy_discharged_mj);
		let charged = mwh(summary.energy_charged_mj);
		TelemetrySummaryView {
			last_batch: BatchCommitmentView {
				hash: last.hash,
				sequence: last.sequence,
				first_sample_ms: last.first_sample_ms,
				last_sample_ms: last.last_sample_ms,
				period_ms: last.period_ms,
				samples: last.samples,
				device: last.device,
				submitted_at: last.submitted_at,
			},
			batches: summary.batches,
			samples: summary.samples,
			energy_discharged_mwh: discharged,
			energy_charged_mwh: charged,
			charge_discharged_mah: mah(summary.charge_discharged_mas),
			charge_charged_mah: mah(summary.charge_charged_mas),
			pack_energy_discharged_mwh: cells.map(|cells| discharged.saturating_mul(cells)),
			pack_energy_charged_mwh: cells.map(|cells| charged.saturating_mul(cells)),
			efc_milli: summary.efc_micro / 1_000,
			min_temp_decic: summary.min_temp_decic,
			max_temp_decic: summary.max_temp_decic,
			minutes_outside_temp_window: summary.outside_temp_window_ms / 60_000,
			deep_discharge_events: summary.deep_discharge_events,
			over_voltage_events: summary.over_voltage_events,
			pending_batches: Self::pending_count(battery),
			results: summary.results,
			disputes: summary.disputes,
		}
	}

	/// Telemetry summaries of `battery` (`TelemetryApi::telemetry_summary`); `None` before its
	/// first batch.
	pub fn telemetry_summary(battery: Vec<u8>) -> Option<TelemetrySummaryViewOf<T>> {
		let id = Self::battery_id(battery)?;
		Telemetry::<T>::get(&id).map(|telemetry| Self::summary_view(&id, telemetry))
	}

	/// [`Self::health`] for `reader` (`TelemetryApi::health_for`).
	pub fn health_for(
		battery: Vec<u8>,
		reader: T::AccountId,
	) -> Result<Option<HealthViewOf<T>>, ReadError> {
		let id = Self::scoped(battery, &reader)?;
		Ok(Self::health(id.into_inner()))
	}

	/// [`Self::twin`] for `reader` (`TelemetryApi::twin_for`).
	pub fn twin_for(
		battery: Vec<u8>,
		reader: T::AccountId,
	) -> Result<Option<TwinViewOf<T>>, ReadError> {
		let id = Self::scoped(battery, &reader)?;
		Ok(Self::twin(id.into_inner()))
	}

	/// [`Self::telemetry_summary`] for `reader` (`TelemetryApi::telemetry_summary_for`).
	pub fn telemetry_summary_for(
		battery: Vec<u8>,
		reader: T::AccountId,
	) -> Result<Option<TelemetrySummaryViewOf<T>>, ReadError> {
		let id = Self::scoped(battery, &reader)?;
		Ok(Self::telemetry_summary(id.into_inner()))
	}
}
