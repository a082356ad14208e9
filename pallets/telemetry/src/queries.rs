//! Views served by the `TelemetryApi` runtime API
//! ([`battery_primitives::telemetry::TelemetryApi`]). The runtime implements each API method
//! with the function of the same name here, e.g.
//! `fn health(battery: Vec<u8>) -> ... { pallet_telemetry::Pallet::<Runtime>::health(battery) }`.
//!
//! No view takes a reader: usage data (health results, the twin with its running summaries)
//! is returned as the envelopes the worker sealed for the battery's Usage scope.

use crate::{
	BatteryTelemetryOf, CharacterisationOf, Characterisations, Config, DataSpaces, Disputes,
	HashOf, HealthHistory, HealthRecordOf, LatestHealth, Pallet, PhysicalModelOf, PhysicalModels,
	Telemetry, TwinSeeds, TwinStates,
};
use alloc::vec::Vec;
use battery_primitives::{
	consortium::BatteryId,
	read::{self, ReadError},
	telemetry::{
		BatchCommitmentView, BatteryInfo, BmsComponentView, CharacterisationView, DataSpaceView,
		DisputeView, HealthView, PhysicalModelView, TelemetrySummaryView, TwinSeedView, TwinView,
		TELEMETRY_PROTOCOL_VERSION,
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

impl<T: Config> Pallet<T> {
	/// The registered battery of raw bytes, checked in the order of every battery read
	/// ([`battery_primitives::read`]): id length, registration.
	fn registered(battery: Vec<u8>) -> Result<BatteryId, ReadError> {
		let battery = read::battery_id(battery)?;
		if T::Batteries::exists(&battery) {
			Ok(battery)
		} else {
			Err(ReadError::UnknownBattery)
		}
	}

	/// A stored health record in history slot `slot` as a view.
	pub fn health_view(
		battery: &BatteryId,
		record: HealthRecordOf<T>,
		slot: u32,
	) -> HealthViewOf<T> {
		let is_final = Self::is_final(battery, &record);
		HealthView {
			batch_hash: record.batch_hash,
			sequence: record.sequence,
			last_sample_ms: record.last_sample_ms,
			estimator: record.estimator.to_raw_vec(),
			recorded_at: record.recorded_at,
			slot,
			health: record.health,
			attestations: record.attestations,
			disputes: record.disputes,
			required_attestations: Self::required_attestations(),
			is_final,
			dispute: None,
		}
	}

	/// The latest health of `battery` with its open dispute, if any.
	pub fn latest_health_view(battery: &BatteryId) -> Option<HealthViewOf<T>> {
		// The latest is result number `results - 1`.
		let results = Telemetry::<T>::get(battery).map_or(0, |t| t.results);
		let slot = Self::history_slot(results.saturating_sub(1));
		let mut view = LatestHealth::<T>::get(battery)
			.map(|record| Self::health_view(battery, record, slot))?;
		view.dispute = Self::dispute_view(battery);
		Some(view)
	}

	/// The open dispute over `battery`'s latest result as a view.
	pub fn dispute_view(battery: &BatteryId) -> Option<DisputeView<HashOf<T>, BlockNumberFor<T>>> {
		Disputes::<T>::get(battery).map(|dispute| DisputeView {
			accepted_result: dispute.accepted_result,
			challenger_result: dispute.challenger_result,
			challenger: dispute.challenger.to_raw_vec(),
			challenger_health: dispute.challenger_health,
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
		let results = Telemetry::<T>::get(battery).map_or(0, |t| t.results);
		let kept = results.min(u64::from(T::MaxHealthHistory::get().max(1)));
		(1..=kept)
			.filter_map(|back| {
				let slot = Self::history_slot(results.saturating_sub(back));
				HealthHistory::<T>::get(battery, slot)
					.map(|record| Self::health_view(battery, record, slot))
			})
			.collect()
	}

	/// Latest health of `battery` (`TelemetryApi::health`); `None` before the first result.
	pub fn health(battery: Vec<u8>) -> Result<Option<HealthViewOf<T>>, ReadError> {
		let battery = Self::registered(battery)?;
		Ok(Self::latest_health_view(&battery))
	}

	/// The digital twin of `battery` (`TelemetryApi::twin`); `None` if nothing is recorded
	/// for it (no twin record, no telemetry).
	pub fn twin(battery: Vec<u8>) -> Result<Option<TwinViewOf<T>>, ReadError> {
		let id = Self::registered(battery)?;
		let physical = PhysicalModels::<T>::get(&id).map(Self::physical_model_view);
		let characterisation = Characterisations::<T>::get(&id);
		let data_space = DataSpaces::<T>::get(&id);
		let twin_state = TwinStates::<T>::get(&id);
		let telemetry = Telemetry::<T>::get(&id);
		// (a seeded twin has a twin state)
		if physical.is_none()
			&& characterisation.is_none()
			&& data_space.is_none()
			&& twin_state.is_none()
			&& telemetry.is_none()
		{
			return Ok(None);
		}
		let declared_period = characterisation.as_ref().map_or(0, |c| c.config.sample_period_ms);
		let data_space = DataSpaceView {
			protocol_version: data_space.map_or(TELEMETRY_PROTOCOL_VERSION, |d| d.protocol_version),
			sample_period_ms: data_space.map_or(declared_period, |d| d.sample_period_ms),
			estimator_version: twin_state.as_ref().map_or(0, |s| s.estimator_version),
		};
		let (twin, twin_hash) = Self::twin_and_hash(twin_state.as_ref().map(|s| s.twin.clone()));
		Ok(Some(TwinView {
			battery: id.to_vec(),
			physical,
			characterisation: characterisation.map(Self::characterisation_view),
			data_space,
			twin_hash,
			twin: twin.sealed(),
			state_updated_at: twin_state.map(|s| s.updated_at),
			latest_health: Self::latest_health_view(&id),
			history: Self::health_history(&id),
			pending_batches: Self::pending_count(&id),
			seed: TwinSeeds::<T>::get(&id).map(|seed| TwinSeedView {
				prior: seed.prior,
				source: seed.source,
				evidence: seed.evidence,
				by: seed.by,
				at: seed.at,
			}),
		}))
	}

	/// A stored telemetry record as a summary view.
	pub fn summary_view(
		battery: &BatteryId,
		telemetry: BatteryTelemetryOf<T>,
	) -> TelemetrySummaryViewOf<T> {
		let last = telemetry.last_batch;
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
			pending_batches: Self::pending_count(battery),
			results: telemetry.results,
			disputes: telemetry.disputes,
			cells: PhysicalModels::<T>::get(battery).map(|model| u64::from(model.cells())),
			twin: TwinStates::<T>::get(battery).and_then(|stored| stored.twin.sealed()),
		}
	}

	/// Telemetry progress of `battery` (`TelemetryApi::telemetry_summary`); `None` before its
	/// first batch.
	pub fn telemetry_summary(
		battery: Vec<u8>,
	) -> Result<Option<TelemetrySummaryViewOf<T>>, ReadError> {
		let id = Self::registered(battery)?;
		Ok(Telemetry::<T>::get(&id).map(|telemetry| Self::summary_view(&id, telemetry)))
	}
}
